// What the service line costs `status`: wall time of `autoswe status --json` in one workspace with
// (a) no user manager (no spawn), (b) a user manager but no units installed (no spawn: a few stats),
// (c) the units installed (one `systemctl --user show`), against bare `node -e 0`; interleaved rounds,
// median. Needs root (it starts an isolated `systemd --user` in its own cgroup, like the tests do).
// Usage: node bench/status-systemd.mjs [--runs N]    (after npm run build)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' } } });
const runs = Number(values.runs);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');
const SETUP = resolve(import.meta.dirname, '..', '.ci', 'setup.d', 'systemd.sh');

function timeOnce(args, cwd, env) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, env, stdio: 'ignore' });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`${args.join(' ')} exited ${code}`));
      else done(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

async function startManager(dir) {
  execFileSync('bash', [SETUP], { stdio: 'ignore' });
  const home = join(dir, 'home');
  const runtime = join(dir, 'run');
  mkdirSync(home);
  mkdirSync(runtime, { mode: 0o700 });
  const slice = `autoswe-bench-${process.pid}.slice`;
  const roots = ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified'].filter((root) =>
    existsSync(join(root, 'cgroup.procs')),
  );
  const groups = roots.map((root) => join(root, slice, 'user-0.slice', 'user@0.service'));
  for (const group of groups) mkdirSync(group, { recursive: true });
  const env = { HOME: home, XDG_RUNTIME_DIR: runtime, PATH: process.env.PATH, LANG: 'C.UTF-8' };
  const manager = spawn(
    'sh',
    [
      '-c',
      'for g in "$@"; do echo $$ > "$g/cgroup.procs"; done; exec /lib/systemd/systemd --user',
      'sh',
      ...groups,
    ],
    { env, stdio: 'ignore' },
  );
  for (let i = 0; i < 100 && !existsSync(join(runtime, 'systemd', 'private')); i++) {
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    env,
    stop: async () => {
      const exited = new Promise((done) => manager.once('exit', done));
      manager.kill('SIGTERM');
      await exited;
      for (const root of roots) removeTree(join(root, slice));
    },
  };
}

/** Removes a cgroup tree deepest first (the manager leaves its own sub-groups behind). */
function removeTree(path) {
  if (!existsSync(path)) return;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) removeTree(join(path, entry.name));
  }
  try {
    rmdirSync(path);
  } catch {
    // a process still exiting keeps it busy; it is empty and harmless
  }
}

/** Interleaved rounds (two warm-up rounds dropped): each variant's times. */
async function measure(variants, cwd) {
  const times = variants.map(() => []);
  for (let round = 0; round < runs + 2; round++) {
    for (const [index, variant] of variants.entries()) {
      const ms = await timeOnce(variant.args, cwd, variant.env);
      if (round >= 2) times[index].push(ms);
    }
  }
  return times;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'autoswe-bench-systemd-'));
  const proxy = createServer((_req, res) => res.writeHead(200).end('{"ok":true}'));
  await new Promise((done) => proxy.listen(0, '127.0.0.1', done));
  const manager = await startManager(dir);
  try {
    const root = join(dir, 'ws');
    execFileSync(process.execPath, [BIN, 'init', root], { stdio: 'ignore' });
    const base = {
      ...process.env,
      AUTOSWE_PROXY_BASE: `http://127.0.0.1:${proxy.address().port}`,
      AUTOSWE_REPO_ROOT: '',
      NO_COLOR: '1',
    };
    const without = { ...base, XDG_RUNTIME_DIR: '', DBUS_SESSION_BUS_ADDRESS: '' };
    const withManager = { ...base, ...manager.env };
    const unitsDir = join(dir, 'elsewhere');
    const variants = [
      { name: 'node -e 0', args: ['-e', '0'], env: without },
      { name: 'status --json, no user manager', args: [BIN, 'status', '--json'], env: without },
      {
        name: 'status --json, manager, units not installed',
        args: [BIN, 'status', '--json'],
        env: { ...withManager, XDG_CONFIG_HOME: unitsDir },
      },
      { name: 'status --json, manager, units installed', args: [BIN, 'status', '--json'], env: withManager },
    ];
    execFileSync(process.execPath, [BIN, 'install-units'], { cwd: root, env: withManager, stdio: 'ignore' });
    const stopped = await measure(variants, root);
    // Running timers hold their services loaded; stopped, systemd loads the units anew for every question.
    execFileSync('systemctl', ['--user', 'start', 'autoswe-watchdog.timer', 'autoswe-meta-judge.timer'], {
      env: withManager,
    });
    const running = await measure(
      [variants[0], { ...variants[3], name: 'status --json, units installed, timers running' }],
      root,
    );
    const bare = median(stopped[0]);
    console.log('| variant | median ms | × node -e 0 |\n| --- | --- | --- |');
    for (const [index, variant] of variants.entries()) {
      console.log(
        `| ${variant.name} | ${median(stopped[index]).toFixed(1)} | ${(median(stopped[index]) / bare).toFixed(2)} |`,
      );
    }
    const bareAgain = median(running[0]);
    console.log(
      `| status --json, units installed, timers running | ${median(running[1]).toFixed(1)} | ${(median(running[1]) / bareAgain).toFixed(2)} (node -e 0 then ${bareAgain.toFixed(1)} ms) |`,
    );
  } finally {
    await manager.stop();
    proxy.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
