import { readFileSync } from 'node:fs';
import { startDetached } from '../../adapters/spawn.js';
import type { Workspace } from '../runtime/workspace.js';
import { selfArgv } from '../setup/self-command.js';

/** The config the notifier reads: the running loop's (AUTOSWE_RUN_CONFIG), else the workspace's. */
export function notifyConfigFile(workspace: Workspace, env: NodeJS.ProcessEnv): string {
  return env.AUTOSWE_RUN_CONFIG || workspace.paths.config;
}

/**
 * Whether the config has a `notify:` key at its top level: a look at the text, not a YAML parse (the
 * parser costs ~20 ms to load, and most events are recorded by short commands). The notifier it starts
 * validates the config and sends nothing when `notify:` turns out to be null.
 */
export function mentionsNotify(file: string): boolean {
  try {
    return /^notify[ \t]*:/m.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Starts `autoswe notify --deliver` in the background, detached, when the config mentions `notify:`; it
 * sends every event after its cursor and exits (one at a time per workspace: docs/RUNTIME.md section 21).
 * Costs the caller a fork, never a wait: the loop goes on whatever the receivers do.
 */
export function kickNotifier(workspace: Workspace, env: NodeJS.ProcessEnv, from: number): void {
  const config = notifyConfigFile(workspace, env);
  if (!mentionsNotify(config)) return;
  const [node, cli] = selfArgv();
  startDetached(node, [cli, 'notify', '--deliver', '--from', String(from), '--root', workspace.root], {
    env: { ...env, AUTOSWE_RUNTIME_DIR: workspace.runtimeDir, AUTOSWE_RUN_CONFIG: config },
    cwd: workspace.root,
    stderrFile: workspace.paths.notifyLog,
  });
}
