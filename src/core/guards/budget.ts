import type { LoopConfig } from '../config/types.js';
import {
  type CostSummary,
  emptyTotals,
  readCostSummary,
  type SpendTotals,
  totalTokens,
} from '../runtime/costs.js';
import type { Workspace } from '../runtime/workspace.js';
import { formatCount, formatUsd } from './money.js';

export type BudgetLimits = Pick<
  LoopConfig['limits'],
  'max_cost_usd' | 'max_cost_usd_per_day' | 'max_tokens_per_day'
>;

/** What was spent in one run and on one UTC day (docs/LOOP.md "Budget"). */
export interface Spend {
  /** The UTC day, `2026-12-02`. */
  readonly day: string;
  readonly today: SpendTotals;
  /** The run's id, or null when no run is named. */
  readonly run: string | null;
  readonly thisRun: SpendTotals;
}

/** Spend today and in `run`, from COSTS (through its summary). */
export function readSpend(workspace: Workspace, run: string | null, now: Date): Spend {
  return spendOf(readCostSummary(workspace), run, now);
}

export function spendOf(summary: CostSummary, run: string | null, now: Date): Spend {
  const day = now.toISOString().slice(0, 10);
  return {
    day,
    today: summary.days[day] ?? emptyTotals(),
    run,
    thisRun: (run === null ? undefined : summary.runs[run]) ?? emptyTotals(),
  };
}

/** Sums of floats: 0.01 three times is 0.030000000000000002, which has reached 0.03. */
const EPSILON = 1e-9;

/**
 * The first limit the spend has reached (spend ≥ limit), worded for the pause line:
 * `limits.max_cost_usd_per_day ($5.00) reached: $5.12 spent today (2026-12-02 UTC)`; null when none is.
 */
export function budgetReached(limits: BudgetLimits, spend: Spend): string | null {
  const { max_cost_usd: perRun, max_cost_usd_per_day: perDay, max_tokens_per_day: tokensPerDay } = limits;
  if (perRun !== null && spend.thisRun.cost_usd >= perRun - EPSILON) {
    return `limits.max_cost_usd (${formatUsd(perRun)}) reached: ${formatUsd(spend.thisRun.cost_usd)} spent in run ${spend.run ?? '-'} (${spend.thisRun.sessions} session${spend.thisRun.sessions === 1 ? '' : 's'})`;
  }
  if (perDay !== null && spend.today.cost_usd >= perDay - EPSILON) {
    return `limits.max_cost_usd_per_day (${formatUsd(perDay)}) reached: ${formatUsd(spend.today.cost_usd)} spent today (${spend.day} UTC)`;
  }
  const tokens = totalTokens(spend.today);
  if (tokensPerDay !== null && tokens >= tokensPerDay) {
    return `limits.max_tokens_per_day (${formatCount(tokensPerDay)}) reached: ${formatCount(tokens)} tokens today (${spend.day} UTC)`;
  }
  return null;
}
