import { join } from 'node:path';
import { errorMessage } from '../../base/errors.js';
import { type BudgetLimits, spendOf } from '../guards/budget.js';
import { windowFigures } from '../report/trend.js';
import { readBreaker, type SetAsideEntry } from '../runtime/breaker.js';
import { readCostSummaryWithin, totalTokens } from '../runtime/costs.js';
import { decode, nonNegativeInt, nullable, number, object, optional } from '../runtime/decode.js';
import type { SeriesPoint } from '../runtime/line-fold.js';
import type { ParitySummaryRead } from '../runtime/parity.js';
import { runFile } from '../runtime/runs.js';
import type { LoopState } from '../runtime/state.js';
import { readJsonFile } from '../runtime/store.js';
import { readVerdictSummaryWithin } from '../runtime/verdict-summary.js';
import type { Workspace } from '../runtime/workspace.js';

/** The breaker, the budget and the ETA, as status shows them (docs/LOOP.md "Breaker", "Budget"). */
export interface GuardsView {
  /** Set-aside modules of this epoch; `error` when breaker.json is corrupt. */
  readonly setAside: readonly ({ readonly module: string } & SetAsideEntry)[];
  readonly breakerError?: string;
  /** Judged iterations in a row without progress, and the run's `breaker.no_progress` (null: off or unknown). */
  readonly noProgress: { readonly count: number; readonly limit: number | null };
  readonly spend: SpendView | null;
  readonly spendError?: string;
  /** COSTS or VERDICTS has more new bytes than status folds (STATUS_FOLD_BYTES): spend and ETA are not shown. */
  readonly pending?: string;
  readonly eta: EtaView | null;
}

export interface SpendView {
  readonly day: string;
  readonly today: { readonly usd: number; readonly tokens: number; readonly sessions: number };
  readonly run: { readonly id: string; readonly usd: number; readonly sessions: number } | null;
  /** The limits of the run named in state.json (its run.json); null without one. */
  readonly limits: BudgetLimits | null;
}

export interface EtaView {
  readonly red: number;
  /** GREEN cells per hour over the last 6 h, else 24 h; null when neither is known. */
  readonly cellsPerHour: number | null;
  readonly basis: '6h' | '24h' | null;
  /** When every cell would be GREEN at that rate; null when the rate is not positive. */
  readonly at: string | null;
}

/**
 * The most status folds of COSTS or VERDICTS since their summaries (about 10,000 lines, ~100 ms): more means
 * a summary was deleted or never made, and `cost`, `trend` or the loop's next iteration makes it.
 */
export const STATUS_FOLD_BYTES = 4 * 1024 * 1024;

const runLimits = object({
  limits: optional(
    object({
      max_cost_usd: optional(nullable(number)),
      max_cost_usd_per_day: optional(nullable(number)),
      max_tokens_per_day: optional(nullable(nonNegativeInt)),
    }),
  ),
  breaker: optional(object({ no_progress: optional(nullable(nonNegativeInt)) })),
});

export function readGuardsView(
  workspace: Workspace,
  state: LoopState | null,
  parity: ParitySummaryRead,
  at: Date,
): GuardsView {
  const epoch = state?.epoch ?? 0;
  const runId = state?.run ?? null;
  const config = runId === null ? null : runConfig(workspace, runId);
  const breaker = readBreaker(workspace, epoch);
  const view: {
    -readonly [K in keyof GuardsView]: GuardsView[K];
  } = {
    setAside: [],
    noProgress: { count: 0, limit: config?.breaker?.no_progress ?? null },
    spend: null,
    eta: null,
  };
  if (breaker.kind === 'corrupt') view.breakerError = `CORRUPT - breaker.json: ${breaker.message}`;
  if (breaker.kind === 'ok') {
    view.setAside = Object.entries(breaker.value.set_aside).map(([module, entry]) => ({ module, ...entry }));
    view.noProgress = { count: breaker.value.no_progress.count, limit: view.noProgress.limit };
  }
  try {
    const summary = readCostSummaryWithin(workspace, STATUS_FOLD_BYTES);
    if (summary === undefined) {
      view.pending = "COSTS is not summarised yet ('autoswe cost' does it)";
      return view;
    }
    const spend = spendOf(summary, runId, at);
    const limits = config?.limits;
    view.spend = {
      day: spend.day,
      today: { usd: spend.today.cost_usd, tokens: totalTokens(spend.today), sessions: spend.today.sessions },
      run:
        runId === null ? null : { id: runId, usd: spend.thisRun.cost_usd, sessions: spend.thisRun.sessions },
      limits:
        limits === undefined || config === null
          ? null
          : {
              max_cost_usd: limits.max_cost_usd ?? null,
              max_cost_usd_per_day: limits.max_cost_usd_per_day ?? null,
              max_tokens_per_day: limits.max_tokens_per_day ?? null,
            },
    };
    const series = readVerdictSummaryWithin(workspace, STATUS_FOLD_BYTES)?.series;
    if (series === undefined) view.pending = "VERDICTS is not summarised yet ('autoswe trend' does it)";
    else view.eta = eta(series, parity, at);
  } catch (error) {
    view.spendError = errorMessage(error);
  }
  return view;
}

function runConfig(workspace: Workspace, id: string) {
  // state.json's `run` names a folder under runs/; anything else (a path) is not followed.
  if (!/^[A-Za-z0-9][\w.-]*$/.test(id)) return null;
  const read = readJsonFile(join(workspace.paths.runs, id, 'run.json'), runFile);
  if (read.kind !== 'ok') return null;
  const decoded = decode(runLimits, read.value.config);
  return decoded.ok ? decoded.value : null;
}

function eta(series: readonly SeriesPoint[], parity: ParitySummaryRead, at: Date): EtaView | null {
  const last = series.at(-1);
  // RED now from parity.json; without it (missing, corrupt), from the newest verdict, as `trend` does.
  const red =
    parity.kind === 'ok'
      ? parity.red
      : last === undefined
        ? null
        : Math.max(0, (last[2] ?? 0) - (last[1] ?? 0));
  if (red === null) return null;
  if (series.length === 0) return { red, cellsPerHour: null, basis: null, at: null };
  const now = at.getTime();
  const six = windowFigures(series, now, 6).cells_per_hour;
  const day = windowFigures(series, now, 24).cells_per_hour;
  let basis: EtaView['basis'] = null;
  if (six !== null && six > 0) basis = '6h';
  else if (day !== null && day > 0) basis = '24h';
  else if (six !== null) basis = '6h';
  else if (day !== null) basis = '24h';
  const rate = basis === '6h' ? six : basis === '24h' ? day : null;
  const finish =
    rate !== null && rate > 0 && red > 0 ? new Date(now + (red / rate) * 3_600_000).toISOString() : null;
  return { red, cellsPerHour: rate, basis, at: finish };
}
