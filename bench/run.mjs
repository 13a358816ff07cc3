// Runs every benchmark in bench/ (each *.mjs here except this file and the helpers), one
// after another with its default settings: `npm run bench` (after `npm run build`). Each bench takes its
// own flags when run alone (see docs/PERFORMANCE.md). Results go to docs/PERFORMANCE.md.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
/** Modules the benches import, not benches themselves. */
const HELPERS = ['run.mjs', 'fixture.mjs', 'user-manager.mjs', 'config-stamp.mjs', 'serve-process.mjs'];
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.mjs') && !HELPERS.includes(name))
  .sort();
let failed = 0;
for (const name of benches) {
  console.log(`\n## ${name}\n`);
  const result = spawnSync(process.execPath, [join(here, name)], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`bench/${name} failed (exit ${result.status ?? result.signal})`);
    failed++;
  }
}
process.exitCode = failed === 0 ? 0 : 1;
