import { delimiter, join, sep } from 'node:path';
import { findOnPath } from '../../adapters/path-lookup.js';
import { packageDir } from '../../base/package-dir.js';
import { shellQuote } from '../../base/shell.js';

/** This autoswe as argv: the Node running now and this package's launcher (hooks and tmux panes run it). */
export function selfArgv(): [string, string] {
  return [process.execPath, join(packageDir(), 'bin', 'autoswe.js')];
}

/** `selfArgv()` quoted for a shell. */
export function selfCommandLine(): string {
  return selfArgv().map(shellQuote).join(' ');
}

/**
 * What to tell the operator to type in their own shell: `autoswe` when it is truly on their PATH, else
 * `node <package>/bin/autoswe.js`. npm and npx put `…/node_modules/.bin` on PATH for their child only, so
 * an `autoswe` found there does not count: the operator's shell will not find it.
 */
export function operatorCommand(env: NodeJS.ProcessEnv): string {
  const userPath = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.replace(/[/\\]+$/, '').endsWith(`node_modules${sep}.bin`))
    .join(delimiter);
  if (findOnPath('autoswe', { PATH: userPath }) !== undefined) return 'autoswe';
  return `node ${shellQuote(join(packageDir(), 'bin', 'autoswe.js'))}`;
}
