import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';

export const CONFIG_FILE = 'autoswe.yaml';

/** Every path of the runtime contract (docs/RUNTIME.md section 1), in one place. */
export interface RuntimePaths {
  readonly config: string;
  readonly state: string;
  readonly parity: string;
  readonly verdicts: string;
  readonly rulesQueue: string;
  readonly events: string;
  readonly notifyCursor: string;
  readonly notifyLog: string;
  readonly notifyLock: string;
  readonly pause: string;
  readonly pauseHard: string;
  /** Written by `resume` while the loop is WAITING: retry now (docs/RUNTIME.md section 6). */
  readonly retry: string;
  readonly heartbeat: string;
  readonly active: string;
  readonly transcripts: string;
  readonly runs: string;
  readonly lockManifest: string;
  readonly baseline: string;
  readonly lock: string;
  readonly journeyDir: string;
  readonly rulesYaml: string;
  readonly deployDir: string;
}

export interface Workspace {
  readonly root: string;
  readonly runtimeDir: string;
  readonly paths: RuntimePaths;
}

export interface WorkspaceLookup {
  /** The global `--root DIR` option, when given. */
  readonly rootOption?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export const NOT_IN_WORKSPACE =
  "not inside an autoswe workspace (no autoswe.yaml here or above); run 'autoswe init' or set AUTOSWE_REPO_ROOT";

/** Resolves the workspace root (--root, AUTOSWE_REPO_ROOT, nearest ancestor with autoswe.yaml) and its runtime dir. */
export function resolveWorkspace(lookup: WorkspaceLookup): Workspace {
  const root = findRoot(lookup);
  if (root === undefined) throw new AutosweError(NOT_IN_WORKSPACE, EXIT_USAGE);
  return workspaceAt(root, lookup.env);
}

/** The workspace rooted at `root`, without checking that autoswe.yaml exists there. */
export function workspaceAt(root: string, env: NodeJS.ProcessEnv): Workspace {
  const absoluteRoot = resolve(root);
  const runtimeDir = env.AUTOSWE_RUNTIME_DIR
    ? resolve(env.AUTOSWE_RUNTIME_DIR)
    : join(absoluteRoot, '.autoswe');
  return { root: absoluteRoot, runtimeDir, paths: runtimePaths(absoluteRoot, runtimeDir) };
}

function findRoot({ rootOption, env, cwd }: WorkspaceLookup): string | undefined {
  const explicit = rootOption ?? env.AUTOSWE_REPO_ROOT;
  if (explicit) {
    const root = resolve(cwd, explicit);
    if (!existsSync(join(root, CONFIG_FILE))) {
      const source = rootOption ? '--root' : 'AUTOSWE_REPO_ROOT';
      throw new AutosweError(
        `${source} ${root} holds no ${CONFIG_FILE}; run 'autoswe init' there`,
        EXIT_USAGE,
      );
    }
    return root;
  }
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Both folders are absolute and normalised (resolve()), so names are appended as they are: join()
 * normalises the whole path again, 17 times on every command's start.
 */
function runtimePaths(root: string, runtimeDir: string): RuntimePaths {
  const inRuntime = (name: string) => under(runtimeDir, name);
  return {
    config: under(root, CONFIG_FILE),
    state: inRuntime('state.json'),
    parity: inRuntime('parity.json'),
    verdicts: inRuntime('VERDICTS'),
    rulesQueue: inRuntime('RULES_QUEUE'),
    events: inRuntime('EVENTS'),
    notifyCursor: inRuntime('notify.cursor.json'),
    notifyLog: inRuntime('notify.log'),
    notifyLock: inRuntime('notify.lock'),
    pause: inRuntime('PAUSE'),
    pauseHard: inRuntime('PAUSE_HARD'),
    retry: inRuntime('RETRY'),
    heartbeat: inRuntime('HEARTBEAT'),
    active: inRuntime('ACTIVE'),
    transcripts: inRuntime('transcripts'),
    runs: inRuntime('runs'),
    lockManifest: inRuntime('LOCK.json'),
    baseline: inRuntime('baseline'),
    lock: inRuntime('.lock'),
    journeyDir: under(root, `docs${sep}journey`),
    rulesYaml: under(root, 'rules.yaml'),
    deployDir: under(root, 'deploy'),
  };
}

/** `dir/name` for a normalised absolute `dir` (which ends in a separator only when it is the root). */
function under(dir: string, name: string): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}
