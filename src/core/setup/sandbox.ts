import { relative } from 'node:path';
import { runInherited } from '../../adapters/sandbox.js';
import type { LoopConfig } from '../config/types.js';
import { stepView } from '../guard/program-view.js';
import type { Workspace } from '../runtime/workspace.js';

/**
 * `autoswe sandbox -- CMD`: runs CMD on this terminal the way the loop runs agent tools and checks: in the
 * configured sandbox with `env`, the workspace readable and only the target writable, from `cwd` when that is
 * inside the target, else from the target. Resolves to CMD's exit code.
 */
export function runInSandbox(
  workspace: Workspace,
  config: LoopConfig,
  command: readonly string[],
  { cwd, env }: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): Promise<number> {
  const insideTarget = !relative(config.target, cwd).startsWith('..');
  return runInherited(config.sandbox, {
    command,
    cwd: insideTarget ? cwd : config.target,
    ...stepView(config, workspace.runtimeDir, config.target),
    writable: [config.target],
    env: { ...env, AUTOSWE_SANDBOX: config.sandbox },
  });
}
