import { AutosweError } from '../../base/errors.js';
import { recordEvent } from '../events/record.js';
import { updateParity } from '../runtime/parity.js';
import { readState } from '../runtime/state.js';
import { appendForcedFlip, type ForcedFlipRecord } from '../runtime/verdicts.js';
import type { Workspace } from '../runtime/workspace.js';

export interface FlipOutcome {
  readonly module: string;
  /** False when the module was already flipped (nothing changed). */
  readonly changed: boolean;
  readonly forced: boolean;
  readonly flipped_at: string;
  /** RED cells at the time of the flip (non-zero only when forced). */
  readonly red: readonly string[];
}

/** Marks a module as switched to the new implementation; refuses while any cell is RED unless forced. */
export async function flipModule(
  workspace: Workspace,
  name: string,
  options: { force: boolean; user: string; reason?: string | undefined },
): Promise<FlipOutcome> {
  const outcome = await updateParity(workspace, (matrix): FlipOutcome => {
    const module = matrix.modules[name];
    if (module === undefined) {
      const known = Object.keys(matrix.modules).sort().join(', ') || 'none';
      throw new AutosweError(`module '${name}' has no cells in parity.json (modules there: ${known})`);
    }
    const red = Object.entries(module.cells)
      .filter(([, cell]) => cell.status !== 'GREEN')
      .map(([cell]) => cell)
      .sort();
    if (module.flipped) {
      return { module: name, changed: false, forced: false, flipped_at: module.flipped_at ?? '', red };
    }
    if (red.length > 0 && !options.force) {
      const holdout = red.filter((cell) => module.cells[cell]?.holdout === true);
      if (holdout.length === red.length) {
        throw new AutosweError(
          `refusing to flip ${name}: possible overfitting: every cell the agent saw is GREEN but ${red.length} hold-out cell${red.length === 1 ? ' is' : 's are'} RED (${red.slice(0, 10).join(', ')}${red.length > 10 ? ', …' : ''}); --force overrides`,
        );
      }
      const listed = red.slice(0, 10).join(', ') + (red.length > 10 ? ', …' : '');
      throw new AutosweError(
        `refusing to flip ${name}: ${red.length} cell${red.length === 1 ? ' is' : 's are'} RED (${listed}); --force overrides`,
      );
    }
    module.flipped = true;
    module.flipped_at = new Date().toISOString();
    return { module: name, changed: true, forced: red.length > 0, flipped_at: module.flipped_at, red };
  });
  if (outcome.forced) appendForcedFlip(workspace, forcedFlipRecord(workspace, outcome, options.user));
  if (outcome.changed) recordFlip(workspace, outcome, options);
  return outcome;
}

function forcedFlipRecord(workspace: Workspace, outcome: FlipOutcome, user: string): ForcedFlipRecord {
  const state = readState(workspace);
  const value = state.kind === 'ok' ? state.value : {};
  return {
    at: outcome.flipped_at,
    type: 'flip',
    module: outcome.module,
    forced: true,
    red: outcome.red.length,
    red_cells: [...outcome.red],
    by: user,
    epoch: value.epoch ?? null,
    iter: value.iter ?? null,
  };
}

function recordFlip(
  workspace: Workspace,
  outcome: FlipOutcome,
  options: { user: string; reason?: string | undefined },
): void {
  const red = outcome.red.length;
  recordEvent(workspace, {
    at: outcome.flipped_at,
    type: 'flip',
    by: options.user,
    reason:
      options.reason ??
      (outcome.forced
        ? `forced with ${red} RED cell(s): ${outcome.red.slice(0, 10).join(', ')}${red > 10 ? ', …' : ''}`
        : 'every cell GREEN'),
    module: outcome.module,
    forced: outcome.forced,
    red,
  });
}
