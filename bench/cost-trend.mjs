// `autoswe cost` and `autoswe trend` on 100,000 verdicts and 100,000 agent sessions (issue 12): both read
// VERDICTS and COSTS through their incremental summaries (verdicts.summary.json, costs.summary.json), so
// their cost follows what was appended since the last reader, not the length of the run. Measured as the
// wall time of the whole process (median of interleaved rounds), in three states:
// - cold: no summary yet (the first reader after an upgrade folds every line once);
// - warm: the summaries are current;
// - append: one verdict and one session appended since the last reader (the loop's usual case).
// `autoswe --version` (the full CLI's start, no workspace read) is shown for reference.
// Usage: node bench/cost-trend.mjs [--runs 11] [--lines 100000]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '11' }, lines: { type: 'string', default: '100000' } },
});
const runs = Number(values.runs);
const count = Number(values.lines);
const bin = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');
const root = mkdtempSync(join(tmpdir(), 'autoswe-bench-cost-'));
const runtime = join(root, '.autoswe');
mkdirSync(runtime);
writeFileSync(
  join(root, 'autoswe.yaml'),
  'target: ./t\nlegacy: {command: [x]}\nnew: {command: [x]}\nmodules: {m: {cases: ["c/*"]}}\n',
);

const start = Date.parse('2026-11-01T00:00:00.000Z');
const step = (30 * 24 * 3_600_000) / count;
const verdictLine = (index) => {
  const at = new Date(start + index * step).toISOString();
  const kind = index % 7 === 0 ? 'REVERT' : index % 3 === 0 ? 'REVISE' : 'ACCEPT';
  const green = Math.floor(index / 20);
  return `${JSON.stringify({ at, epoch: 0, iter: index, module: `mod${index % 50}`, verdict: kind, reason: '1 cell(s) RED→GREEN (mod/a), no regressions', green_before: green, green_after: kind === 'REVERT' ? green : green + 1, total: 10_000, run: `20261101T000000Z-${(Math.floor(index / 500) % 65536).toString(16).padStart(4, '0')}`, by: 'built-in', flips: ['mod/a'], regressions: [], commit: '9f3c0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b', transcript: `/ws/.autoswe/transcripts/run-iter-${index}.jsonl`, duration_ms: 81234 })}\n`;
};
const costLine = (index) =>
  `${JSON.stringify({ at: new Date(start + index * step).toISOString(), run: `20261101T000000Z-${(Math.floor(index / 500) % 65536).toString(16).padStart(4, '0')}`, epoch: 0, iter: index, module: `mod${index % 50}`, transcript: `/ws/.autoswe/transcripts/run-iter-${index}.jsonl`, session_id: `session-${index}`, result_offset: 12345, input_tokens: 1200, output_tokens: 800, cache_read_tokens: 40_000, cache_creation_tokens: 2000, cost_usd: 0.1234, turns: 12 })}\n`;

let verdicts = '';
let costs = '';
for (let index = 0; index < count; index++) {
  verdicts += verdictLine(index);
  costs += costLine(index);
}
writeFileSync(join(runtime, 'VERDICTS'), verdicts);
writeFileSync(join(runtime, 'COSTS'), costs);
const sizes = `VERDICTS ${(verdicts.length / 1e6).toFixed(1)} MB, COSTS ${(costs.length / 1e6).toFixed(1)} MB`;
verdicts = '';
costs = '';

const env = { ...process.env, NO_COLOR: '1', AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '' };
function time(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')}: exit ${result.status}: ${result.stderr}`);
  return ms;
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const dropSummaries = () => {
  rmSync(join(runtime, 'verdicts.summary.json'), { force: true });
  rmSync(join(runtime, 'costs.summary.json'), { force: true });
};

const commands = [
  ['cost', '--json'],
  ['cost', '--by', 'day', '--json'],
  ['trend', '--json'],
];
const results = new Map();
const put = (key, ms) => results.set(key, [...(results.get(key) ?? []), ms]);
let extra = count;
for (let round = 0; round < runs; round++) {
  put('autoswe --version', time(['--version']));
  for (const args of commands) {
    dropSummaries();
    put(`${args.join(' ')} (cold)`, time(args));
    put(`${args.join(' ')} (warm)`, time(args));
    appendFileSync(join(runtime, 'VERDICTS'), verdictLine(extra));
    appendFileSync(join(runtime, 'COSTS'), costLine(extra));
    extra++;
    put(`${args.join(' ')} (append)`, time(args));
  }
}
console.log(
  `${count} verdicts and ${count} sessions (${sizes}); ${runs} rounds; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}; ${new Date().toISOString().slice(0, 10)}`,
);
console.log('| command | median wall ms |');
console.log('| --- | --- |');
for (const [key, list] of results) console.log(`| \`${key}\` | ${median(list).toFixed(1)} |`);
rmSync(root, { recursive: true, force: true });
