// An isolated `systemd --user` for the benches, started the way test/helpers/systemd.ts does it: its own
// HOME and XDG_RUNTIME_DIR, its own cgroup (so it needs root). `startUserManager(dir)` resolves once the
// manager answers; `stop()` ends it and removes its cgroups.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SETUP = resolve(import.meta.dirname, '..', '.ci', 'setup.d', 'systemd.sh');

function cgroupRoots() {
  const roots = [];
  if (existsSync('/sys/fs/cgroup/systemd/cgroup.procs')) roots.push('/sys/fs/cgroup/systemd');
  if (existsSync('/sys/fs/cgroup/unified/cgroup.procs')) roots.push('/sys/fs/cgroup/unified');
  else if (existsSync('/sys/fs/cgroup/cgroup.controllers')) roots.push('/sys/fs/cgroup');
  return roots;
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

export async function startUserManager(dir) {
  if (process.getuid?.() !== 0) throw new Error('the bench starts its own systemd --user: run it as root');
  execFileSync('bash', [SETUP], { stdio: 'ignore' });
  const home = join(dir, 'home');
  const runtime = join(dir, 'run');
  mkdirSync(home, { recursive: true });
  mkdirSync(runtime, { mode: 0o700, recursive: true });
  const slice = `autoswe-bench-${process.pid}.slice`;
  const roots = cgroupRoots();
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
  const systemctl = (...args) =>
    execFileSync('systemctl', ['--user', ...args], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (manager.exitCode !== null) throw new Error(`systemd --user exited with ${manager.exitCode}`);
    if (existsSync(join(runtime, 'systemd', 'private'))) {
      try {
        if (/running|degraded/.test(systemctl('is-system-running'))) break;
      } catch (error) {
        if (/running|degraded/.test(String(error.stdout))) break;
      }
    }
    if (Date.now() > deadline) throw new Error('systemd --user did not come up within 15 s');
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    env,
    home,
    unitDir: join(home, '.config', 'systemd', 'user'),
    systemctl,
    stop: async () => {
      const exited = new Promise((done) => manager.once('exit', done));
      manager.kill('SIGTERM');
      await exited;
      for (const root of roots) removeTree(join(root, slice));
    },
  };
}
