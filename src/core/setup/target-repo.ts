import { realpathSync } from 'node:fs';
import { gitTopLevel } from '../../adapters/git.js';
import { shellQuote } from '../../base/shell.js';

/**
 * Why `target` cannot be the loop's target, or null when it is the top of its own work tree (a repository
 * or a worktree). A subfolder of a larger repository is refused: a REVERT resets the whole repository and
 * an ACCEPT commits it, so an edit outside the target would be lost and the operator's files committed.
 */
export async function targetRepoProblem(target: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const top = await gitTopLevel(target, env);
  if (top === null) return null;
  if (samePath(top, target)) return null;
  return (
    `${target} is a subfolder of the git repository ${top}: a REVERT would reset, and an ACCEPT commit, ` +
    `the whole repository. Give the target a work tree of its own: 'git -C ${shellQuote(top)} worktree add ` +
    `<folder>' (then target: <folder>), or make ${target} a repository of its own`
  );
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}
