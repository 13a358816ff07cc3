// Benchmark: wall time of `autoswe fleet --json` over 50 local loops (registered fixture workspaces, each
// with state, heartbeat, a 40-cell parity.json and 200 verdict lines), against bare `node -e 0`, measured
// side by side (interleaved rounds, median). No user manager (XDG_RUNTIME_DIR unset), no fleet.yaml:
// what is measured is reading the registry and 50 loops' files. Results go to docs/PERFORMANCE.md.
// Usage: npm run build && node bench/fleet.mjs [--loops 50] [--runs 21]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { loops: { type: 'string', default: '50' }, runs: { type: 'string', default: '21' } },
});
const LOOPS = Number(values.loops);
const RUNS = Number(values.runs);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');
const STATES = ['RUNNING', 'RUNNING', 'RUNNING', 'WEDGE_PAUSED', 'DONE', 'FAILED'];

/** One loop's runtime files, as a running loop leaves them. */
function makeLoop(root, index, now) {
  const runtime = join(root, '.autoswe');
  mkdirSync(runtime, { recursive: true });
  writeFileSync(join(root, 'autoswe.yaml'), 'target: ./target\n');
  const at = (ageMs) => new Date(now - ageMs).toISOString();
  const status = STATES[index % STATES.length];
  writeFileSync(
    join(runtime, 'state.json'),
    JSON.stringify({ status, epoch: 0, iter: index, updated_at: at(0) }),
  );
  if (status === 'WEDGE_PAUSED') writeFileSync(join(runtime, 'PAUSE'), `${at(0)} watchdog: no heartbeat\n`);
  writeFileSync(
    join(runtime, 'HEARTBEAT'),
    JSON.stringify({
      at: at((index % 7) * 60_000),
      pid: 1000 + index,
      run: 'r1',
      epoch: 0,
      iter: index,
      vertex: 'implement',
    }),
  );
  const cells = {};
  for (let cell = 0; cell < 40; cell++) {
    cells[`c${cell}`] = { status: cell < index % 41 ? 'GREEN' : 'RED', at: at(0), detail: '' };
  }
  writeFileSync(
    join(runtime, 'parity.json'),
    JSON.stringify({ modules: { core: { flipped: false, flipped_at: null, cells } } }),
  );
  const lines = [];
  for (let iter = 0; iter < 200; iter++) {
    lines.push(
      JSON.stringify({
        at: at((200 - iter) * 60_000),
        epoch: 0,
        iter,
        module: 'core',
        verdict: ['ACCEPT', 'REVISE', 'REVERT'][iter % 3],
        reason: 'bench',
      }),
    );
  }
  writeFileSync(join(runtime, 'VERDICTS'), `${lines.join('\n')}\n`);
}

function timeOnce(args, env) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else done(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'autoswe-bench-fleet-'));
try {
  const home = join(dir, 'home');
  const registry = join(home, '.config', 'autoswe', 'workspaces');
  mkdirSync(registry, { recursive: true });
  const now = Date.now();
  for (let index = 0; index < LOOPS; index++) {
    const root = join(dir, `loop-${String(index).padStart(2, '0')}`);
    makeLoop(root, index, now);
    symlinkSync(root, join(registry, `loop-${String(index).padStart(2, '0')}`));
  }
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: '',
    XDG_RUNTIME_DIR: '',
    DBUS_SESSION_BUS_ADDRESS: '',
  };
  // First runs fill the parity summaries, as a loop's own writes would have.
  for (let warm = 0; warm < 3; warm++) await timeOnce([BIN, 'fleet', '--json'], env);
  const fleet = [];
  const bare = [];
  for (let run = 0; run < RUNS; run++) {
    bare.push(await timeOnce(['-e', '0'], env));
    fleet.push(await timeOnce([BIN, 'fleet', '--json'], env));
  }
  console.log(
    `fleet --json over ${LOOPS} local loops, ${RUNS} runs, ${cpus().length}× ${cpus()[0]?.model ?? '?'}, load ${loadavg()[0].toFixed(2)}`,
  );
  console.log(
    `  autoswe fleet --json  median ${median(fleet).toFixed(1)} ms  min ${Math.min(...fleet).toFixed(1)} ms`,
  );
  console.log(
    `  node -e 0             median ${median(bare).toFixed(1)} ms  min ${Math.min(...bare).toFixed(1)} ms`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
