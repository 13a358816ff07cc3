// Runs every benchmark in bench/ (each *.mjs here except this file and the fixture generator), one
// after another, passing arguments through: `npm run bench [-- --runs 31]`. Results go to docs/PERFORMANCE.md.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.mjs') && name !== 'run.mjs' && name !== 'fixture.mjs')
  .sort();
let failed = 0;
for (const name of benches) {
  console.log(`\n## ${name}\n`);
  const result = spawnSync(process.execPath, [join(here, name), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
