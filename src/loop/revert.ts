import { cpSync, lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gitCleanUntracked, gitDiffFrom, gitResetHard, gitUntracked } from '../adapters/git.js';
import { errorCode } from '../base/errors.js';
import { writeFileAtomic } from '../core/runtime/store.js';

/**
 * What a REVERT kept of the work it threw away (docs/RUNTIME.md section 11): the diff of the tracked files
 * as `runs/<id>/reverted/iter-<N>/diff.patch`, and the untracked files moved (not deleted) into
 * `runs/<id>/reverted/iter-<N>/untracked/`, so nothing the operator put into the target is lost.
 */
export interface RevertRecord {
  /** The folder, `runs/<id>/reverted/iter-<N>`. */
  readonly dir: string;
  /** Path of diff.patch, or null when no tracked file differed. */
  readonly patch: string | null;
  /** Moved files and folders, relative to the target (a folder ends in `/`). */
  readonly untracked: readonly string[];
}

/** The folder a REVERT of iteration `iter` keeps its files in. */
export function revertedDir(runDir: string, iter: number): string {
  return join(runDir, 'reverted', `iter-${iter}`);
}

/**
 * Throws the target's changes since `startCommit` away, keeping them: the diff is saved first, the
 * untracked files moved, then the target is reset (`git reset --hard`) and what git would still clean
 * (empty folders left by the move) cleaned.
 */
export async function revertTarget(
  target: string,
  startCommit: string,
  keepIn: string,
  env: NodeJS.ProcessEnv,
): Promise<RevertRecord> {
  const diff = await gitDiffFrom(target, startCommit, env);
  let patch: string | null = null;
  if (diff !== '') {
    patch = join(keepIn, 'diff.patch');
    await writeFileAtomic(patch, diff);
  }
  const untracked = await gitUntracked(target, env);
  for (const path of untracked) moveAside(join(target, path), join(keepIn, 'untracked', path));
  await gitResetHard(target, startCommit, env);
  await gitCleanUntracked(target, env);
  return { dir: keepIn, patch, untracked };
}

/** Moves a file (or a nested repository's folder) keeping its path; across file systems, copies then removes. */
function moveAside(from: string, to: string): void {
  if (lstatSync(from, { throwIfNoEntry: false }) === undefined) return;
  mkdirSync(dirname(to), { recursive: true });
  try {
    renameSync(from, to);
  } catch (error) {
    if (errorCode(error) !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** One loop.log line saying what the REVERT kept and where. */
export function describeRevert(record: RevertRecord): string {
  const parts: string[] = [];
  if (record.patch !== null) parts.push(`the thrown-away diff saved to ${record.patch}`);
  if (record.untracked.length > 0) {
    const shown = record.untracked.slice(0, 20).join(', ');
    const more = record.untracked.length > 20 ? `, … (${record.untracked.length} in all)` : '';
    parts.push(`untracked moved to ${join(record.dir, 'untracked')}: ${shown}${more}`);
  }
  return parts.length > 0 ? parts.join('; ') : 'nothing to keep (no change since the iteration start)';
}
