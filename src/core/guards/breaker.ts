import type { LoopConfig } from '../config/types.js';
import { type BreakerState, readBreaker, type SetAsideEntry, updateBreaker } from '../runtime/breaker.js';
import { VERDICT_KINDS, type VerdictKind } from '../runtime/verdicts.js';
import type { Workspace } from '../runtime/workspace.js';

/** One judged iteration, as the breaker counts it (docs/LOOP.md "Breaker"). */
export interface JudgedIteration {
  readonly epoch: number;
  readonly iter: number;
  readonly module: string;
  readonly verdict: VerdictKind;
  /** The cells RED→GREEN the iteration found (`module/cell`); a REVERT threw them away. */
  readonly flips: readonly string[];
  readonly at: string;
}

export interface BreakerOutcome {
  /** The soft-pause reason when `breaker.no_progress` was reached with this iteration, else null. */
  readonly pause: string | null;
  /** The module set aside with this iteration, else null. */
  readonly setAside: string | null;
}

/** Progress is a kept RED→GREEN flip: an ACCEPT or REVISE with at least one. */
export function madeProgress(judged: Pick<JudgedIteration, 'verdict' | 'flips'>): boolean {
  return judged.verdict !== 'REVERT' && judged.flips.length > 0;
}

/** "no progress in 5 iterations: 3 REVISE, 2 REVERT, modules calc, units". */
export function describeNoProgress(state: BreakerState): string {
  const { count, verdicts, modules } = state.no_progress;
  const kinds = VERDICT_KINDS.flatMap((kind) =>
    (verdicts[kind] ?? 0) > 0 ? [`${verdicts[kind]} ${kind}`] : [],
  );
  const where = `${modules.length === 1 ? 'module' : 'modules'} ${modules.join(', ')}`;
  return `no progress in ${count} iteration${count === 1 ? '' : 's'}: ${[...kinds, where].join(', ')}`;
}

/**
 * Counts a judged iteration (after its verdict is recorded): progress clears the counts of every module and
 * of the module; otherwise both grow, a module reaching `breaker.module_attempts` is set aside, and
 * `breaker.no_progress` reached gives the pause reason.
 */
export function recordJudged(
  workspace: Workspace,
  breaker: LoopConfig['breaker'],
  judged: JudgedIteration,
): Promise<BreakerOutcome> {
  return updateBreaker(workspace, judged.epoch, (state): BreakerOutcome => {
    if (madeProgress(judged)) {
      state.no_progress = { count: 0, verdicts: {}, modules: [], since: null };
      delete state.modules[judged.module];
      return { pause: null, setAside: null };
    }
    // At the limit already: the breaker paused, and a judged iteration since means the pause was lifted
    // (resume while the loop was stopped, or the sentinel removed by hand): the count starts again.
    if (breaker.no_progress !== null && state.no_progress.count >= breaker.no_progress) {
      state.no_progress = { count: 0, verdicts: {}, modules: [], since: null };
    }
    const run = state.no_progress;
    run.count += 1;
    run.verdicts[judged.verdict] = (run.verdicts[judged.verdict] ?? 0) + 1;
    if (!run.modules.includes(judged.module)) run.modules.push(judged.module);
    run.since ??= judged.at;
    const attempts = (state.modules[judged.module] ?? 0) + 1;
    state.modules[judged.module] = attempts;
    let setAside: string | null = null;
    if (
      breaker.module_attempts !== null &&
      attempts >= breaker.module_attempts &&
      state.set_aside[judged.module] === undefined
    ) {
      state.set_aside[judged.module] = {
        at: judged.at,
        iter: judged.iter,
        attempts,
        reason: `${attempts} judged iterations in a row without a RED→GREEN flip`,
      };
      setAside = judged.module;
    }
    const pause =
      breaker.no_progress !== null && run.count >= breaker.no_progress ? describeNoProgress(state) : null;
    return { pause, setAside };
  });
}

/** Resume starts the no-progress count again (module counts and set-asides stay). Writes nothing when it is 0. */
export async function resetNoProgress(workspace: Workspace, epoch: number): Promise<void> {
  const read = readBreaker(workspace, epoch);
  if (read.kind !== 'ok' || read.value.no_progress.count === 0) return;
  await updateBreaker(workspace, epoch, (state) => {
    state.no_progress = { count: 0, verdicts: {}, modules: [], since: null };
  });
}

/** `autoswe unskip MODULE`: puts a set-aside module back, its count at 0; returns what it was, or null. */
export function unskipModule(
  workspace: Workspace,
  epoch: number,
  module: string,
): Promise<SetAsideEntry | null> {
  return updateBreaker(workspace, epoch, (state) => {
    const entry = state.set_aside[module] ?? null;
    delete state.set_aside[module];
    delete state.modules[module];
    return entry;
  });
}
