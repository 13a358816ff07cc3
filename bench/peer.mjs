// The start-up budget (issue 10): autoswe's `status --json` and `verdicts -n 10` against a seed-equivalent
// peer (bench/peer/autoswe_peer.py, Click + rich on the system Python), and the hook's p50, measured side
// by side in one run on the 10,000-cell / 100,000-verdict fixture, with a real user manager running and
// the units installed (status asks systemd; so does the peer). Interleaved rounds, the order rotating;
// wall-time medians (the budget), and the mean CPU time (user + system) of each, which hardly moves when
// other work shares the machine. Needs root (it starts an isolated `systemd --user` in its own cgroup, as the tests do).
//
// Budgets: status --json ≤ 0.5 × the peer's, verdicts -n 10 ≤ 0.3 ×, the hook (a Write allowed) ≤ 40 ms p50.
// `--before DIR` adds the same rows for another checkout of autoswe (built), e.g. the code before a change.
// Also measured: the floor of any Node `status` that asks systemd with `systemctl` (Node spawning the same
// `systemctl --user show` and nothing else), and the hot builds with Node's compile cache switched off
// (NODE_DISABLE_COMPILE_CACHE=1), to show what `module.enableCompileCache()` in bin/autoswe.js is worth.
// Usage: node bench/peer.mjs [--runs 31] [--before DIR] [--fixtures DIR]   (after npm run build)
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configStamp, pastRacyWindow } from './config-stamp.mjs';
import { makeLargeWorkspace } from './fixture.mjs';
import { startUserManager } from './user-manager.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '31' },
    before: { type: 'string' },
    fixtures: { type: 'string', default: join(tmpdir(), 'autoswe-bench-peer') },
  },
});
const runs = Number(values.runs);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');
const PEER = resolve(import.meta.dirname, 'peer', 'autoswe_peer.py');
const PYTHON = '/usr/bin/python3';
/** `node -e` body: one `systemctl --user show` of the instance's units, as src/core/service/unit-state.ts asks. */
const SYSTEMCTL_FLOOR = `const n = process.argv[1];
require('node:child_process').execFile('systemctl', ['--user', 'show', '--timestamp=unix',
  'autoswe@' + n + '.service', 'autoswe-watchdog@' + n + '.timer', 'autoswe-watchdog@' + n + '.service',
  'autoswe-meta-judge@' + n + '.timer', 'autoswe-meta-judge@' + n + '.service', '-p',
  'Id,LoadState,ActiveState,SubState,Result,ExecStart,ExecMainStartTimestamp,NextElapseUSecRealtime,LastTriggerUSec'],
  (error) => { if (error) throw error; });`;

/** CPU time (user + system) of the children waited for so far, from /proc/self/stat, in 10 ms ticks. */
function childCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function timeOnce(variant, cwd) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(variant.command, variant.args, {
      cwd,
      env: variant.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdin.end(variant.input ?? '');
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) fail(new Error(`${variant.name} exited ${code}: ${stderr}`));
      else done(ms);
    });
  });
}

const quantile = (list, q) =>
  [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * q))];

/** The hook policy the loop writes at run start (500 protected files, as in bench/hook.mjs). */
function writeHookPolicy(root) {
  const runtime = join(root, '.autoswe');
  mkdirSync(join(root, 'target'), { recursive: true });
  writeFileSync(
    join(runtime, 'hook-policy.json'),
    JSON.stringify({
      root,
      runtime_dir: runtime,
      target: join(root, 'target'),
      protected_globs: ['autoswe.yaml', 'rules.yaml', 'target/golden/**', 'docs/spec/**'],
      protected_files: Array.from({ length: 500 }, (_, i) => join(root, 'target', 'golden', `case-${i}.out`)),
      // The version of autoswe.yaml it was made from: a policy for other bytes is rebuilt by the hook.
      config: join(root, 'autoswe.yaml'),
      config_sha256: createHash('sha256')
        .update(readFileSync(join(root, 'autoswe.yaml')))
        .digest('hex'),
      // Its stat stamp, as `run` records it (configStamp in src/core/runtime/hook-policy.ts).
      config_stat: configStamp(join(root, 'autoswe.yaml')),
      run: 'bench',
      written_at: new Date().toISOString(),
    }),
  );
  return JSON.stringify({
    cwd: join(root, 'target'),
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: 'src/main.c', content: 'x' },
  });
}

async function main() {
  try {
    execFileSync(PYTHON, ['-c', 'import click, rich'], { stdio: 'ignore' });
  } catch {
    throw new Error(`${PYTHON} cannot import click and rich: apt-get install python3-click python3-rich`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'autoswe-bench-peer-'));
  const proxy = createServer((_req, res) => res.writeHead(200).end('{"ok":true}'));
  await new Promise((done) => proxy.listen(0, '127.0.0.1', done));
  const manager = await startUserManager(join(scratch, 'manager'));
  try {
    const root = resolve(values.fixtures, 'large');
    // The instance install-units registers: the fixture's autoswe.yaml has no name, so the folder's.
    const instance = basename(root);
    if (!existsSync(join(root, '.autoswe', 'parity.json'))) makeLargeWorkspace(root);
    await pastRacyWindow(join(root, 'autoswe.yaml'));
    const event = writeHookPolicy(root);
    // Without NODE_OPTIONS and NODE_EXTRA_CA_CERTS (some machines set the latter; it adds ~25 ms to every
    // Node start and would flatter every ratio against Python).
    const { NODE_OPTIONS: _options, NODE_EXTRA_CA_CERTS: _certs, ...inherited } = process.env;
    const env = {
      ...inherited,
      ...manager.env,
      AUTOSWE_PROXY_BASE: `http://127.0.0.1:${proxy.address().port}`,
      AUTOSWE_REPO_ROOT: '',
      AUTOSWE_RUNTIME_DIR: '',
      NO_COLOR: '1',
    };
    execFileSync(process.execPath, [BIN, 'install-units'], { cwd: root, env, stdio: 'ignore' });
    const noCache = { ...env, NODE_DISABLE_COMPILE_CACHE: '1' };
    const builds = [['', BIN]];
    if (values.before) builds.push([' (before)', resolve(values.before, 'bin', 'autoswe.js')]);
    const node = (name, bin, args, extra = {}) => ({
      name,
      command: process.execPath,
      args: [bin, ...args],
      env,
      ...extra,
    });
    const hookArgs = ['hook', 'pre-tool-use', '--root', root];
    const variants = [
      { name: 'node -e 0', command: process.execPath, args: ['-e', '0'], env },
      // The floor of any Node `status` that asks systemd the way the issue wants: Node starting, spawning
      // the very `systemctl --user show` status runs (the five units of the instance), and exiting.
      {
        name: 'floor: node spawning that systemctl show',
        command: process.execPath,
        args: ['-e', SYSTEMCTL_FLOOR, instance],
        env,
      },
      { name: 'peer status --json', command: PYTHON, args: [PEER, 'status', '--json'], env, peer: 'status' },
      {
        name: 'peer verdicts -n 10',
        command: PYTHON,
        args: [PEER, 'verdicts', '-n', '10'],
        env,
        peer: 'verdicts',
      },
      ...builds.flatMap(([label, bin]) => [
        node(`status --json${label}`, bin, ['status', '--json'], { against: 'status', budget: 0.5 }),
        node(`verdicts -n 10${label}`, bin, ['verdicts', '-n', '10'], { against: 'verdicts', budget: 0.3 }),
        node(`hook, Write allowed${label}`, bin, hookArgs, { input: event, hookBudget: 40 }),
      ]),
      node('status --json, NODE_DISABLE_COMPILE_CACHE=1', BIN, ['status', '--json'], { env: noCache }),
      node('verdicts -n 10, NODE_DISABLE_COMPILE_CACHE=1', BIN, ['verdicts', '-n', '10'], { env: noCache }),
      node('hook, NODE_DISABLE_COMPILE_CACHE=1', BIN, hookArgs, { env: noCache, input: event }),
    ];
    const times = variants.map(() => []);
    const cpu = variants.map(() => 0);
    // Warm-up: compile cache, page cache, Python's bytecode cache, systemd's unit cache.
    for (const variant of variants) await timeOnce(variant, root);
    const load = loadavg()[0];
    for (let round = 0; round < runs; round++) {
      for (let k = 0; k < variants.length; k++) {
        const index = (k + round) % variants.length;
        const before = childCpuMs();
        times[index].push(await timeOnce(variants[index], root));
        cpu[index] += childCpuMs() - before;
      }
    }
    const peers = Object.fromEntries(
      variants.flatMap((variant, index) =>
        variant.peer ? [[variant.peer, { wall: quantile(times[index], 0.5), cpu: cpu[index] / runs }]] : [],
      ),
    );
    console.log(
      `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, ${execFileSync(PYTHON, ['--version'], { encoding: 'utf8' }).trim()}`,
    );
    console.log(
      `date: ${new Date().toISOString()}; ${runs} interleaved rounds; load average at start ${load.toFixed(1)}; user manager running, units installed (stopped)\n`,
    );
    console.log(
      '| command | p50 ms | p90 ms | × peer | budget | result | CPU ms (mean) | CPU × peer |\n| --- | ---: | ---: | ---: | --- | --- | ---: | ---: |',
    );
    for (const [index, variant] of variants.entries()) {
      const p50 = quantile(times[index], 0.5);
      const ratio = variant.against ? p50 / peers[variant.against].wall : undefined;
      const cpuMs = cpu[index] / runs;
      const cpuRatio = variant.against ? (cpuMs / peers[variant.against].cpu).toFixed(2) : '';
      const budget = variant.budget
        ? `≤ ${variant.budget} ×`
        : variant.hookBudget
          ? `≤ ${variant.hookBudget} ms`
          : '';
      const pass = variant.budget
        ? ratio <= variant.budget
        : variant.hookBudget
          ? p50 <= variant.hookBudget
          : undefined;
      console.log(
        `| ${variant.name} | ${p50.toFixed(1)} | ${quantile(times[index], 0.9).toFixed(1)} | ${ratio === undefined ? '' : ratio.toFixed(2)} | ${budget} | ${pass === undefined ? '' : pass ? 'PASS' : 'OVER'} | ${cpuMs.toFixed(1)} | ${cpuRatio} |`,
      );
    }
  } finally {
    await manager.stop();
    proxy.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
