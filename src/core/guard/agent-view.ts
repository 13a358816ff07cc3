import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packageDir } from '../../base/package-dir.js';
import type { LoopConfig } from '../config/types.js';
import { listCases } from '../parity/cases.js';
import { HOOK_POLICY_FILE } from '../runtime/hook-policy.js';
import type { Workspace } from '../runtime/workspace.js';
import { isWithin } from './program-view.js';

/**
 * The agent's view of the machine under `agent.sandbox: bwrap` (docs/SECURITY.md, "The agent's sandbox"),
 * as mounts for the sandbox adapter. In order of precedence (a deeper mount wins):
 * - `/` read-only, a private `/tmp`, the host's network (the agent must reach its model), its own pids;
 * - the workspace read-only: cases, the legacy program, rules.yaml, autoswe.yaml;
 * - the target read-write, but its `.git` read-only (git hooks and config there would run outside);
 * - HOME read-write (the agent's own state, e.g. ~/.claude), except the shell, git, ssh and systemd files
 *   that exist (read-only) and ~/.config/autoswe (masked);
 * - the runtime dir read-only, live (a PAUSE_HARD written later is seen by the hook), with everything in
 *   it masked but what the hook and the session read: hook-policy.json, PAUSE, PAUSE_HARD and runs/
 *   (the prompt file, the settings file);
 * - the journey folder masked; the hold-out case files hidden (their folder shows the other entries only).
 */
export interface AgentView {
  readonly readable: readonly string[];
  readonly writable: readonly string[];
  readonly masked: readonly string[];
  readonly filtered: readonly { readonly dir: string; readonly hide: readonly string[] }[];
  readonly network: 'shared';
}

/** What the hook and the agent session read in the runtime dir; every other entry there is masked. */
export const AGENT_VISIBLE_RUNTIME = [HOOK_POLICY_FILE, 'PAUSE', 'PAUSE_HARD', 'runs'] as const;

/** Files in HOME that would run outside the sandbox later: shown read-only when they exist. */
const HOME_READ_ONLY = [
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.profile',
  '.zshrc',
  '.zprofile',
  '.zshenv',
  '.gitconfig',
  '.config/git',
  '.ssh',
  '.config/systemd',
  '.config/autostart',
  '.local/bin',
];

export function agentView(
  workspace: Workspace,
  config: LoopConfig,
  home: string | undefined,
  holdoutCases: readonly string[],
): AgentView {
  // autoswe itself (the hook runs from it) and the Node that runs it stay visible read-only, also when
  // they live under /tmp, which the sandbox replaces with a private one.
  const readable: string[] = [
    packageDir(),
    dirname(dirname(process.execPath)),
    workspace.root,
    workspace.runtimeDir,
  ];
  const writable: string[] = [config.target];
  const masked: string[] = [workspace.paths.journeyDir];
  const gitDir = join(config.target, '.git');
  if (isDirectory(gitDir)) readable.push(gitDir);
  // HOME is shared (the agent's login and settings live there), unless it is the workspace (or /) itself:
  // a HOME above the workspace or inside it is writable only where no deeper mount says otherwise.
  if (home !== undefined && home !== '/' && resolve(home) !== workspace.root && existsSync(home)) {
    writable.push(home);
    for (const name of HOME_READ_ONLY) {
      // A dotfile linked elsewhere in HOME is protected where it lives; one outside HOME is read-only anyway.
      const path = realOrNull(join(home, name));
      if (path !== null && isWithin(realOrNull(home) ?? resolve(home), path)) readable.push(path);
    }
    masked.push(join(home, '.config', 'autoswe'));
  }
  for (const name of entries(workspace.runtimeDir)) {
    if (!(AGENT_VISIBLE_RUNTIME as readonly string[]).includes(name)) {
      masked.push(join(workspace.runtimeDir, name));
    }
  }
  const byDir = new Map<string, string[]>();
  for (const path of holdoutCases) {
    const dir = dirname(path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), path]);
  }
  const filtered = [...byDir].map(([dir, hide]) => ({ dir, hide }));
  return { readable, writable, masked, filtered, network: 'shared' };
}

/**
 * The agent's sandbox for one session, or null under `agent.sandbox: none`: the view above, with the
 * hold-out case files of every module hidden. `env` is the agent's environment (its HOME is shared).
 */
export async function agentSandbox(
  workspace: Workspace,
  config: LoopConfig,
  env: NodeJS.ProcessEnv,
): Promise<AgentView | null> {
  if (config.agent.sandbox !== 'bwrap') return null;
  const holdout = (await listCases(config)).filter((testCase) => testCase.holdout);
  const home = config.agent.env.HOME ?? env.HOME;
  return agentView(
    workspace,
    config,
    home,
    holdout.map((testCase) => testCase.path),
  );
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
