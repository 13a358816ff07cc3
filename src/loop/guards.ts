import { errorMessage } from '../base/errors.js';
import { recordEvent } from '../core/events/record.js';
import { recordJudged } from '../core/guards/breaker.js';
import { budgetReached, readSpend } from '../core/guards/budget.js';
import { recordSessionCost } from '../core/guards/session-cost.js';
import { readVerdictSummary } from '../core/runtime/verdict-summary.js';
import type { Verdict } from '../core/runtime/verdicts.js';
import { pauseLoop } from '../core/state/pause.js';
import { chooseModule, type ModuleChoice } from '../core/state/select.js';
import type { LoopRun } from './loop-run.js';

/**
 * The loop's guards over many iterations (docs/LOOP.md "Breaker" and "Budget"), called at four points of an
 * iteration: select (skip set-aside modules), before the agent session (budget), after it (its spend), and
 * after the verdict (the breaker). Each pause they make is a soft one, with the guard's name as its user.
 */

/** Select, skipping set-aside modules; when only set-aside modules have RED cells, pause until one is put back. */
export async function chooseModuleOrHold(run: LoopRun): Promise<ModuleChoice> {
  for (;;) {
    const choice = chooseModule(run.workspace, run.epoch);
    if (choice.module !== null || choice.setAside.length === 0) return choice;
    const reason = `every module with RED cells is set aside (${choice.setAside.join(', ')}); 'autoswe unskip MODULE' puts one back`;
    run.log(`pausing: ${reason}`);
    await pauseLoop(run.workspace, { hard: false, reason, user: 'breaker' }, run.env);
    await run.gate();
  }
}

/** Before an agent session: while a budget limit is reached, soft-pause (a resume checks again). */
export async function guardBudget(run: LoopRun): Promise<void> {
  for (;;) {
    const reason = budgetReached(run.config.limits, readSpend(run.workspace, run.id, new Date()));
    if (reason === null) return;
    run.log(`pausing: ${reason}`);
    await pauseLoop(run.workspace, { hard: false, reason, user: 'budget' }, run.env);
    await run.gate();
  }
}

/** After an agent session: its spend into COSTS (from the transcript's result event). Never fails the run. */
export function recordSessionSpend(run: LoopRun, module: string, transcript: string): void {
  try {
    const line = recordSessionCost(run.workspace, {
      run: run.id,
      epoch: run.epoch,
      iter: run.iter,
      module,
      transcript,
    });
    if (line !== null)
      run.log(
        `iter ${run.iter} spend: $${line.cost_usd} (${line.input_tokens} in, ${line.output_tokens} out)`,
      );
  } catch (error) {
    run.log(`iter ${run.iter} spend not recorded: ${errorMessage(error)}`);
  }
}

/** After a judged iteration (its journey written): the breaker counts it, may set its module aside, may pause. */
export async function afterJudge(run: LoopRun, verdict: Verdict): Promise<void> {
  const outcome = await recordJudged(run.workspace, run.config.breaker, {
    epoch: run.epoch,
    iter: verdict.iter,
    module: verdict.module,
    verdict: verdict.verdict,
    flips: verdict.flips ?? [],
    at: verdict.at,
  });
  if (outcome.setAside !== null) {
    run.log(
      `set aside ${outcome.setAside} for the rest of epoch ${run.epoch}: ${run.config.breaker.module_attempts} judged iterations in a row without a RED→GREEN flip`,
    );
    recordEvent(
      run.workspace,
      {
        type: 'module.set-aside',
        by: 'breaker',
        reason: `${run.config.breaker.module_attempts} judged iterations in a row without a RED→GREEN flip; 'autoswe unskip ${outcome.setAside}' puts it back`,
        module: outcome.setAside,
        run: run.id,
        epoch: run.epoch,
        iter: run.iter,
      },
      run.env,
    );
  }
  if (outcome.pause !== null) {
    run.log(`pausing: ${outcome.pause}`);
    await pauseLoop(run.workspace, { hard: false, reason: outcome.pause, user: 'breaker' }, run.env);
  }
  // Keeps verdicts.summary.json current (one line to fold), so status never has much to fold.
  try {
    readVerdictSummary(run.workspace);
  } catch (error) {
    run.log(`verdicts summary not updated: ${errorMessage(error)}`);
  }
}
