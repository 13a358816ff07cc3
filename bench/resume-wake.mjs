// Benchmark: how fast a held loop wakes after `autoswe resume`. Runs the demo workspace's loop with the
// scripted agent; each round pauses it (it holds at its next vertex), then resumes and times from the
// moment the sentinels are gone to the moment state.json says RUNNING again (seen through fs.watch).
// Usage: npm run build && node bench/resume-wake.mjs [--rounds 15]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } });
const ROUNDS = Number(values.rounds);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');
const dir = mkdtempSync(join(tmpdir(), 'autoswe-bench-wake-'));
const root = join(dir, 'ws');
const env = { ...process.env, NO_COLOR: '1', AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '' };
const cli = (...args) => execFileSync(process.execPath, [BIN, ...args], { cwd: root, env, encoding: 'utf8' });
const state = () => {
  try {
    return JSON.parse(readFileSync(join(root, '.autoswe', 'state.json'), 'utf8'));
  } catch {
    return {};
  }
};

/** Resolves once `predicate(state)` holds, checking on every change in the runtime dir. */
function when(predicate) {
  return new Promise((resolveWhen) => {
    const check = () => {
      if (predicate(state())) {
        watcher.close();
        resolveWhen(performance.now());
      }
    };
    const watcher = watch(join(root, '.autoswe'), check);
    check();
  });
}

try {
  execFileSync(process.execPath, [BIN, 'demo', '--dir', root, '--setup-only'], { env, stdio: 'ignore' });
  const config = join(root, 'autoswe.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('max_iters: 10', 'max_iters: 50'));
  cli('lock-check', '--update');
  cli('pause', '-m', 'bench');
  const run = spawn(process.execPath, [BIN, 'run', '--config', config], { cwd: root, env, stdio: 'ignore' });
  let running = true;
  run.on('exit', () => {
    running = false;
  });
  const latencies = [];
  for (let round = 0; round < ROUNDS && running; round++) {
    await when((s) => s.status === 'PAUSED' || s.status === 'DONE');
    if (state().status === 'DONE') break;
    await new Promise((r) => setTimeout(r, 100));
    const woke = when((s) => s.status !== 'PAUSED');
    // The same removal `autoswe resume` does, timed from the moment the sentinel is gone.
    rmSync(join(root, '.autoswe', 'PAUSE'));
    const start = performance.now();
    const end = await woke;
    latencies.push(end - start);
    if (round + 1 < ROUNDS) cli('pause', '-m', 'bench');
  }
  cli('resume');
  await new Promise((r) => (running ? run.on('exit', r) : r()));
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  console.log(`${latencies.length} resume → RUNNING wake-ups, Node ${process.version}`);
  console.log(`p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${latencies.at(-1).toFixed(1)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
