import { emptyTotals, readCostSummary, type SpendTotals } from '../runtime/costs.js';
import { readVerdictSummary, type VerdictCounts } from '../runtime/verdict-summary.js';
import type { Workspace } from '../runtime/workspace.js';

export const COST_BY = ['run', 'day', 'module'] as const;
export type CostBy = (typeof COST_BY)[number];

/** One row of `autoswe cost`: a run, a UTC day or a module (docs/COMMANDS.md). */
export interface CostRow extends SpendTotals {
  readonly key: string;
  /** Verdicts recorded for the same run, day or module. */
  readonly verdicts: number;
  /** GREEN cells gained by them: the sum of `green_after - green_before` (REVERTs gain nothing). */
  readonly green_gained: number;
  /** `cost_usd / green_gained`; null when nothing was gained. */
  readonly usd_per_green: number | null;
}

export interface CostReport {
  readonly by: CostBy;
  /** Runs and days oldest first; modules by cost, the dearest first. */
  readonly rows: readonly CostRow[];
  readonly total: CostRow;
}

function row(key: string, spend: SpendTotals, counts: VerdictCounts | undefined): CostRow {
  const gained = counts?.gained ?? 0;
  return {
    key,
    ...spend,
    verdicts: counts === undefined ? 0 : counts.ACCEPT + counts.REVISE + counts.REVERT,
    green_gained: gained,
    usd_per_green: gained > 0 ? spend.cost_usd / gained : null,
  };
}

/** Spend from COSTS and GREEN gained from VERDICTS, both through their summaries (read from where they left off). */
export function buildCostReport(workspace: Workspace, by: CostBy): CostReport {
  const spend = readCostSummary(workspace);
  const verdicts = readVerdictSummary(workspace);
  const key = by === 'run' ? 'runs' : by === 'day' ? 'days' : 'modules';
  const spent = spend[key];
  const counted = verdicts[key];
  // Every key with spend or verdicts: a run whose sessions printed no result still gained cells.
  const keys = [...new Set([...Object.keys(spent), ...Object.keys(counted)])];
  const rows = keys.map((name) => row(name, spent[name] ?? emptyTotals(), counted[name]));
  if (by === 'module') rows.sort((a, b) => b.cost_usd - a.cost_usd || (a.key < b.key ? -1 : 1));
  else rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { by, rows, total: row('total', spend.total, verdicts.total) };
}
