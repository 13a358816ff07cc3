import { join } from 'node:path';
import { AutosweError } from '../../base/errors.js';
import {
  array,
  type Infer,
  looseObject,
  nonNegativeInt,
  nullable,
  object,
  record,
  string,
} from './decode.js';
import { checkedForWrite, type JsonFileRead, readJsonFile, withLock, writeJsonAtomic } from './store.js';
import type { Workspace } from './workspace.js';

/**
 * breaker.json (docs/RUNTIME.md section 19): the loop's guards over many iterations, for one epoch. The
 * judged iterations in a row without a RED→GREEN flip (all modules, and per module), and the modules set
 * aside for the rest of the epoch. Written by the loop after each verdict, on waking from a pause (the
 * no-progress count starts again) and by `unskip`; read by select-module and status.
 */
const setAsideEntry = looseObject({
  at: string,
  iter: nonNegativeInt,
  /** The judged iterations in a row without progress that set it aside. */
  attempts: nonNegativeInt,
  reason: string,
});

export type SetAsideEntry = Infer<typeof setAsideEntry>;

export const breakerFile = looseObject({
  epoch: nonNegativeInt,
  no_progress: object({
    count: nonNegativeInt,
    /** The verdicts of those iterations, by kind. */
    verdicts: record(nonNegativeInt),
    /** Their modules, in the order first met. */
    modules: array(string),
    /** When the first of them was judged; null when `count` is 0. */
    since: nullable(string),
  }),
  /** Per module: judged iterations of that module in a row without progress. */
  modules: record(nonNegativeInt),
  set_aside: record(setAsideEntry),
  updated_at: string,
});

export type BreakerState = Infer<typeof breakerFile>;

export function breakerPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, 'breaker.json');
}

export function emptyBreaker(epoch: number, now: Date = new Date()): BreakerState {
  return {
    epoch,
    no_progress: { count: 0, verdicts: {}, modules: [], since: null },
    modules: {},
    set_aside: {},
    updated_at: now.toISOString(),
  };
}

/** breaker.json as read; a file of another epoch reads as empty (its counts and set-asides have ended). */
export function readBreaker(workspace: Workspace, epoch: number): JsonFileRead<BreakerState> {
  const read = readJsonFile(breakerPath(workspace), breakerFile);
  if (read.kind === 'ok' && read.value.epoch !== epoch) return { kind: 'ok', value: emptyBreaker(epoch) };
  return read;
}

/** The modules set aside in this epoch (none when breaker.json is missing or corrupt). */
export function setAsideModules(workspace: Workspace, epoch: number): { [module: string]: SetAsideEntry } {
  const read = readBreaker(workspace, epoch);
  return read.kind === 'ok' ? read.value.set_aside : {};
}

/** Read-modify-write of breaker.json under the lock; a corrupt file is refused, never overwritten. */
export async function updateBreaker<T>(
  workspace: Workspace,
  epoch: number,
  update: (state: BreakerState) => T,
  now: () => Date = () => new Date(),
): Promise<T> {
  return withLock(workspace.runtimeDir, workspace.paths.lock, async () => {
    const path = breakerPath(workspace);
    const read = readBreaker(workspace, epoch);
    if (read.kind === 'corrupt') {
      throw new AutosweError(
        `refusing to write: ${path} is corrupt (${read.message}); fix or move it aside first`,
      );
    }
    const state = read.kind === 'ok' ? read.value : emptyBreaker(epoch, now());
    const result = update(state);
    state.updated_at = now().toISOString();
    await writeJsonAtomic(path, checkedForWrite(path, breakerFile, state));
    return result;
  });
}
