import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AutosweError } from '../../base/errors.js';
import { recordEvent } from '../events/record.js';
import { readParity, summarizeParity } from '../runtime/parity.js';
import { pidAlive, readRunLock, runLockPath } from '../runtime/run-lock.js';
import { isRunLive, readRun } from '../runtime/runs.js';
import type { LoopState } from '../runtime/state.js';
import { updateState } from '../runtime/state.js';
import { writeJsonAtomic } from '../runtime/store.js';
import type { Workspace } from '../runtime/workspace.js';

/** `<runtime>/epochs/epoch-<N>.json`: the state an epoch ended with, kept when the next one starts. */
export interface EpochArchive {
  archived_at: string;
  epoch: number;
  by: string;
  state: LoopState;
  parity: { green: number; red: number; total: number } | null;
}

export interface EpochReset {
  readonly archived: string;
  readonly previous: number;
  readonly epoch: number;
}

export function epochArchivePath(workspace: Workspace, epoch: number): string {
  return join(workspace.runtimeDir, 'epochs', `epoch-${epoch}.json`);
}

/**
 * Archives the current epoch's state and starts epoch+1 at iter 0 (module, vertex and step statuses
 * cleared; DONE/MAX_ITERS/FAILED become IDLE). Refused while a run owns the loop; never overwrites an archive.
 */
export async function resetEpoch(workspace: Workspace, user: string): Promise<EpochReset> {
  let reset: EpochReset | undefined;
  await updateState(workspace, async (state) => {
    refuseWhileRunning(workspace, state);
    const previous = state.epoch ?? 0;
    const archived = epochArchivePath(workspace, previous);
    if (existsSync(archived)) {
      throw new AutosweError(
        `${archived} already exists; epoch ${previous} was archived before (state.json edited?)`,
      );
    }
    const parity = readParity(workspace);
    const counts = parity.kind === 'ok' ? summarizeParity(parity.value) : null;
    const archive: EpochArchive = {
      archived_at: new Date().toISOString(),
      epoch: previous,
      by: user,
      state,
      parity: counts && { green: counts.green, red: counts.red, total: counts.total },
    };
    await writeJsonAtomic(archived, archive);
    reset = { archived, previous, epoch: previous + 1 };
    const ended = state.status === 'DONE' || state.status === 'MAX_ITERS' || state.status === 'FAILED';
    return {
      epoch: previous + 1,
      iter: 0,
      module: null,
      vertex: null,
      plan: null,
      judge: null,
      write: null,
      reason: null,
      ...(ended ? { status: 'IDLE' } : {}),
    };
  });
  if (reset === undefined) throw new AutosweError('reset-epoch: state was not updated');
  recordEvent(workspace, {
    type: 'epoch.reset',
    by: user,
    reason: `epoch ${reset.previous} archived in ${reset.archived}`,
    epoch: reset.epoch,
    previous: reset.previous,
  });
  return reset;
}

function refuseWhileRunning(workspace: Workspace, state: LoopState): void {
  // Whatever state.json says (PAUSED, or a run holding on a pause), a live run.lock owns the loop: it
  // would write its old epoch back with its next state write.
  const holder = readRunLock(workspace);
  if (holder !== null && pidAlive(holder.pid)) {
    throw new AutosweError(
      `run ${holder.run} (pid ${holder.pid}) holds ${runLockPath(workspace)}; stop it before resetting the epoch ('autoswe stop')`,
    );
  }
  if (state.status !== 'RUNNING' || typeof state.run !== 'string') return;
  let live = false;
  try {
    live = isRunLive(readRun(workspace, state.run));
  } catch {
    // The run's record is gone: nothing owns the loop any more.
  }
  if (live) {
    throw new AutosweError(`run ${state.run} is live; stop it before resetting the epoch ('autoswe stop')`);
  }
}
