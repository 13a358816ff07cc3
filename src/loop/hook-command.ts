import { shellQuote } from '../base/shell.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { selfArgv } from '../core/setup/self-command.js';

/**
 * The shell command line agents run as their PreToolUse hook. It names the workspace and runtime dir
 * explicitly (the agent's cwd is the target), and turns any failure to even start into exit 2: Claude
 * Code lets a tool call through on exit 1 or a missing command, and the hook must fail closed.
 */
export function hookCommandLine(workspace: Workspace): string {
  const words = [
    ...selfArgv(),
    // The command first: the launcher's fast path for hot commands looks at the first argument.
    'hook',
    'pre-tool-use',
    '--root',
    workspace.root,
  ];
  return `AUTOSWE_RUNTIME_DIR=${shellQuote(workspace.runtimeDir)} ${words.map(shellQuote).join(' ')} || exit 2`;
}
