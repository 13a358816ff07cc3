#!/usr/bin/env node
// The legacy program of the demo: a small "ledger" tool with three modules. Its output on each case is
// recorded as the baseline; the rewrite in target/ must print exactly the same.
import { readFileSync } from 'node:fs';

const [module, caseFile] = process.argv.slice(2);
const lines = readFileSync(caseFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

const MODULES = {
  // "name,qty,price" rows → an aligned table with a total.
  format(rows) {
    let total = 0;
    const out = rows.map((row) => {
      const [name, qty, price] = row.split(',').map((cell) => cell.trim());
      const amount = Number(qty) * Number(price);
      total += amount;
      return `${name.padEnd(12)}${qty.padStart(5)}${amount.toFixed(2).padStart(10)}`;
    });
    out.push('-'.repeat(27), `${'TOTAL'.padEnd(17)}${total.toFixed(2).padStart(10)}`);
    return out;
  },
  // "a op b" with integers; / truncates toward zero; division by zero is an error line.
  calc(rows) {
    return rows.map((row) => {
      const [a, op, b] = row.trim().split(/\s+/);
      const x = Number(a);
      const y = Number(b);
      if (op === '+') return `${a} + ${b} = ${x + y}`;
      if (op === '-') return `${a} - ${b} = ${x - y}`;
      if (op === '*') return `${a} * ${b} = ${x * y}`;
      if (op === '/')
        return y === 0 ? `${a} / ${b} = error: division by zero` : `${a} / ${b} = ${Math.trunc(x / y)}`;
      return `${row.trim()} = error: unknown operator ${op}`;
    });
  },
  // "<n> <unit> to <unit>" between km, mi, m, ft; three decimals.
  units(rows) {
    const metres = { km: 1000, mi: 1609.344, m: 1, ft: 0.3048 };
    return rows.map((row) => {
      const [n, from, , to] = row.trim().split(/\s+/);
      if (!(from in metres)) return `error: unknown unit ${from}`;
      if (!(to in metres)) return `error: unknown unit ${to}`;
      return `${n} ${from} = ${((Number(n) * metres[from]) / metres[to]).toFixed(3)} ${to}`;
    });
  },
};

const run = MODULES[module];
if (run === undefined) {
  process.stderr.write(`legacy: unknown module ${module}\n`);
  process.exit(2);
}
process.stdout.write(`${run(lines).join('\n')}\n`);
