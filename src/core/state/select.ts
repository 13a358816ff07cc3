import { AutosweError } from '../../base/errors.js';
import { setAsideModules } from '../runtime/breaker.js';
import { readParity, summarizeParity } from '../runtime/parity.js';
import { corruptStateError, readState, updateState } from '../runtime/state.js';
import type { Workspace } from '../runtime/workspace.js';

export interface ModuleChoice {
  /** The chosen module, or null when every module not flipped is fully GREEN. */
  readonly module: string | null;
  readonly red: number;
  /** Modules with RED cells skipped because the breaker set them aside for this epoch (docs/LOOP.md "Breaker"). */
  readonly setAside: readonly string[];
}

/**
 * The module with the most RED cells among those not flipped and not set aside; ties go to the name first
 * in order. `epoch` is the current one (default: state.json's), whose set-aside modules are skipped.
 */
export function chooseModule(workspace: Workspace, epoch?: number): ModuleChoice {
  const read = readParity(workspace);
  if (read.kind === 'missing') {
    throw new AutosweError(
      `no ${workspace.paths.parity} yet; run 'autoswe verify-cells' (or baseline-capture) first`,
    );
  }
  if (read.kind === 'corrupt')
    throw new AutosweError(`${workspace.paths.parity} is corrupt: ${read.message}`, 2);
  const aside = setAsideModules(workspace, epoch ?? stateEpoch(workspace));
  let best: { module: string | null; red: number } = { module: null, red: 0 };
  const setAside: string[] = [];
  for (const module of summarizeParity(read.value).modules) {
    if (module.flipped || module.red === 0) continue;
    if (aside[module.name] !== undefined) {
      setAside.push(module.name);
      continue;
    }
    if (module.red > best.red) best = { module: module.name, red: module.red };
  }
  return { ...best, setAside };
}

function stateEpoch(workspace: Workspace): number {
  const state = readState(workspace);
  return state.kind === 'ok' ? (state.value.epoch ?? 0) : 0;
}

/** Chooses the next module and records it as `module` in state.json. */
export async function selectModule(workspace: Workspace): Promise<ModuleChoice> {
  const state = readState(workspace);
  if (state.kind === 'corrupt') throw corruptStateError(workspace, state.message);
  const choice = chooseModule(workspace, state.kind === 'ok' ? (state.value.epoch ?? 0) : 0);
  await updateState(workspace, () => ({ module: choice.module }));
  return choice;
}
