import { AutosweError } from '../../base/errors.js';
import { readParity, summarizeParity } from '../runtime/parity.js';
import { corruptStateError, readState, updateState } from '../runtime/state.js';
import type { Workspace } from '../runtime/workspace.js';

export interface ModuleChoice {
  /** The chosen module, or null when every module not flipped is fully GREEN. */
  readonly module: string | null;
  readonly red: number;
}

/** The module with the most RED cells among those not flipped; ties go to the name first in order. */
export function chooseModule(workspace: Workspace): ModuleChoice {
  const read = readParity(workspace);
  if (read.kind === 'missing') {
    throw new AutosweError(
      `no ${workspace.paths.parity} yet; run 'autoswe verify-cells' (or baseline-capture) first`,
    );
  }
  if (read.kind === 'corrupt')
    throw new AutosweError(`${workspace.paths.parity} is corrupt: ${read.message}`, 2);
  let best: ModuleChoice = { module: null, red: 0 };
  for (const module of summarizeParity(read.value).modules) {
    if (module.flipped || module.red === 0) continue;
    if (module.red > best.red) best = { module: module.name, red: module.red };
  }
  return best;
}

/** Chooses the next module and records it as `module` in state.json. */
export async function selectModule(workspace: Workspace): Promise<ModuleChoice> {
  const state = readState(workspace);
  if (state.kind === 'corrupt') throw corruptStateError(workspace, state.message);
  const choice = chooseModule(workspace);
  await updateState(workspace, () => ({ module: choice.module }));
  return choice;
}
