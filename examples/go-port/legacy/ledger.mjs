#!/usr/bin/env node
// The legacy program of the go-port example: a small ledger tool. Usage: node ledger.mjs MODULE CASE
// A case is one "item qty price" a line (price with up to two decimals); blank lines and # comments are
// skipped. Modules: total (each line's amount and the total), report (a table by amount), stats.
// Errors are printed on stdout ("error: …"), which is what parity compares, with exit 1.
import { readFileSync } from 'node:fs';

const [module, file] = process.argv.slice(2);
if (module === undefined || file === undefined) {
  console.log('usage: ledger MODULE CASE');
  process.exit(2);
}
const modules = { total, report, stats };
if (!Object.hasOwn(modules, module)) {
  console.log(`error: unknown module "${module}"`);
  process.exit(2);
}
let items;
try {
  items = parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`error: ${error.message}`);
  process.exit(1);
}
process.stdout.write(modules[module](items));

function parse(text) {
  const items = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    const where = `line ${index + 1}`;
    if (fields.length !== 3) throw new Error(`${where}: expected "item qty price", got "${line}"`);
    const [name, qty, price] = fields;
    if (!/^[0-9]+$/.test(qty)) throw new Error(`${where}: bad quantity "${qty}"`);
    const match = /^([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(price);
    if (match === null) throw new Error(`${where}: bad price "${price}"`);
    const cents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
    items.push({ name, qty: Number(qty), cents });
  });
  return items;
}

function money(cents) {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function amount(item) {
  return item.qty * item.cents;
}

function total(items) {
  const lines = items.map(
    (item) => `${item.name} x${item.qty} @ ${money(item.cents)} = ${money(amount(item))}`,
  );
  const sum = items.reduce((acc, item) => acc + amount(item), 0);
  return `${[...lines, `TOTAL ${money(sum)}`].join('\n')}\n`;
}

function report(items) {
  const row = (name, qty, value) => `${name.padEnd(12)} ${String(qty).padStart(5)} ${value.padStart(10)}`;
  const sorted = [...items].sort(
    (a, b) => amount(b) - amount(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const qty = items.reduce((acc, item) => acc + item.qty, 0);
  const sum = items.reduce((acc, item) => acc + amount(item), 0);
  const lines = [
    row('ITEM', 'QTY', 'AMOUNT'),
    '-'.repeat(29),
    ...sorted.map((item) => row(item.name, item.qty, money(amount(item)))),
    '-'.repeat(29),
    row('TOTAL', qty, money(sum)),
  ];
  return `${lines.join('\n')}\n`;
}

function stats(items) {
  const units = items.reduce((acc, item) => acc + item.qty, 0);
  const sum = items.reduce((acc, item) => acc + amount(item), 0);
  let max = null;
  for (const item of items) if (max === null || amount(item) > amount(max)) max = item;
  const lines = [
    `items: ${items.length}`,
    `units: ${units}`,
    `max: ${max === null ? '-' : `${max.name} (${money(amount(max))})`}`,
    `mean: ${money(items.length === 0 ? 0 : Math.floor(sum / items.length))}`,
  ];
  return `${lines.join('\n')}\n`;
}
