import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

const SYSTEMD = '/lib/systemd/systemd';
const SETUP_SCRIPT = join(REPO_ROOT, '.ci', 'setup.d', 'systemd.sh');

/** A running, isolated `systemd --user` manager and the environment that talks to it. */
export interface UserManager {
  /** Pass to runCli (HOME, XDG_RUNTIME_DIR; nothing inherited that points elsewhere). */
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly runtimeDir: string;
  /** Where install-units writes by default: $HOME/.config/systemd/user. */
  readonly unitDir: string;
  /** Runs `systemctl --user ARGS` against this manager. */
  systemctl(...args: string[]): { code: number; stdout: string; stderr: string };
  stop(): Promise<void>;
}

/** Whether a per-test user manager can be started here, and if not why (for componentMissing). */
export function userManagerSupport(): { available: boolean; reason: string } {
  if (!existsSync(SYSTEMD))
    return { available: false, reason: `${SYSTEMD} is missing (apt install systemd)` };
  if (process.getuid?.() !== 0) {
    return { available: false, reason: 'an isolated user manager per test needs root (its own cgroup)' };
  }
  const roots = cgroupRoots();
  if (roots.length === 0 || !roots.every(writable)) {
    return { available: false, reason: 'no writable cgroup hierarchy to give each manager its own cgroup' };
  }
  return { available: true, reason: '' };
}

/** Whether journald runs (started by .ci/setup.d/systemd.sh), for the tests that read the journal. */
export function journalAvailable(): boolean {
  return existsSync('/run/systemd/journal/stdout');
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The cgroup hierarchies a manager tracks its units in: the named v1 one, and v2 (hybrid or pure). */
function cgroupRoots(): string[] {
  const roots: string[] = [];
  if (existsSync('/sys/fs/cgroup/systemd/cgroup.procs')) roots.push('/sys/fs/cgroup/systemd');
  if (existsSync('/sys/fs/cgroup/unified/cgroup.procs')) roots.push('/sys/fs/cgroup/unified');
  else if (existsSync('/sys/fs/cgroup/cgroup.controllers')) roots.push('/sys/fs/cgroup');
  return roots;
}

let counter = 0;

/**
 * Starts `systemd --user` with its own HOME and XDG_RUNTIME_DIR (mode 700), in its own cgroup named like a
 * real one (`….slice/user-0.slice/user@0.service`): parallel managers do not see each other's units, and
 * journald files their services' lines under _SYSTEMD_USER_UNIT as on a real machine. The manager logs to the
 * journal too ("Started autoswe.service"), as a login session's manager does.
 */
export async function startUserManager(): Promise<UserManager> {
  execFileSync('bash', [SETUP_SCRIPT], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'autoswe-systemd-'));
  const home = join(dir, 'home');
  const runtimeDir = join(dir, 'run');
  mkdirSync(home);
  mkdirSync(runtimeDir, { mode: 0o700 });
  const uid = process.getuid?.() ?? 0;
  const slice = `autoswe-test-${process.pid}-${counter++}.slice`;
  const groups = cgroupRoots().map((root) => join(root, slice, `user-${uid}.slice`, `user@${uid}.service`));
  for (const group of groups) mkdirSync(group, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    XDG_RUNTIME_DIR: runtimeDir,
    XDG_CONFIG_HOME: '',
    DBUS_SESSION_BUS_ADDRESS: '',
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
  };
  const manager = spawn(
    'sh',
    [
      '-c',
      `for g in "$@"; do echo $$ > "$g/cgroup.procs"; done; exec ${SYSTEMD} --user --log-target=journal`,
      'sh',
      ...groups,
    ],
    { env: cleanEnv(env), stdio: 'ignore', cwd: home },
  );
  const systemctl = (...args: string[]) => systemctlIn(env, args);
  await waitForManager(manager, runtimeDir, systemctl);
  return {
    env,
    home,
    runtimeDir,
    unitDir: join(home, '.config', 'systemd', 'user'),
    systemctl,
    stop: async () => {
      await stopManager(manager);
      for (const root of cgroupRoots()) await removeCgroup(join(root, slice));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '' && value !== undefined));
}

function systemctlIn(
  env: NodeJS.ProcessEnv,
  args: string[],
): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('systemctl', ['--user', ...args], {
      env: cleanEnv(env),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    return { code: failed.status ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function waitForManager(
  manager: ChildProcess,
  runtimeDir: string,
  systemctl: UserManager['systemctl'],
): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (manager.exitCode !== null) throw new Error(`systemd --user exited with ${manager.exitCode}`);
    if (existsSync(join(runtimeDir, 'systemd', 'private'))) {
      const state = systemctl('is-system-running').stdout.trim();
      if (state === 'running' || state === 'degraded') return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  manager.kill('SIGKILL');
  throw new Error('systemd --user did not come up within 15 s');
}

/** SIGTERM makes a user manager stop its units and exit; SIGKILL after 10 s. */
async function stopManager(manager: ChildProcess): Promise<void> {
  if (manager.exitCode !== null || manager.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => manager.once('exit', () => resolve()));
  manager.kill('SIGTERM');
  const timer = setTimeout(() => manager.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Kills whatever is left in a test's cgroup tree and removes it, deepest first. */
async function removeCgroup(path: string): Promise<void> {
  if (!existsSync(path)) return;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) await removeCgroup(join(path, entry.name));
  }
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      for (const pid of readFileSync(join(path, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
        killQuietly(Number(pid));
      }
      rmdirSync(path);
      return;
    } catch {
      // processes still exiting keep the group busy for a moment
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
