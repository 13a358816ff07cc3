#!/usr/bin/env node
// The rewrite of the legacy ledger tool, one file per module under src/.
import { readFileSync } from 'node:fs';

const [module, caseFile] = process.argv.slice(2);
const rows = readFileSync(caseFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const { run } = await import(`./src/${module}.mjs`);
process.stdout.write(`${run(rows).join('\n')}\n`);
