import { AutosweError } from '../../base/errors.js';
import { readState, type StepName, type StepStatus, updateState } from '../runtime/state.js';
import type { Workspace } from '../runtime/workspace.js';

/** Reads a step's `{status, at, note}`; an empty object when never set. */
export function readStep(workspace: Workspace, step: StepName): StepStatus {
  const read = readState(workspace);
  if (read.kind === 'corrupt')
    throw new AutosweError(`${workspace.paths.state} is corrupt: ${read.message}`, 2);
  if (read.kind === 'missing') return {};
  return read.value[step] ?? {};
}

export interface StepUpdate {
  readonly status?: string | undefined;
  readonly note?: string | undefined;
  readonly now?: Date;
}

/**
 * Sets a step's status and/or note, stamping `at`; under the lock like every state write. A new status
 * without a note drops the old note (it explained the old status); a note alone keeps the status.
 */
export async function setStep(workspace: Workspace, step: StepName, update: StepUpdate): Promise<StepStatus> {
  const patch: StepStatus = { at: (update.now ?? new Date()).toISOString() };
  if (update.status !== undefined) patch.status = update.status;
  if (update.note !== undefined) patch.note = update.note;
  else if (update.status !== undefined) patch.note = null;
  const state = await updateState(workspace, () => ({ [step]: patch }));
  return state[step] ?? patch;
}
