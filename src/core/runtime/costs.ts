import { join } from 'node:path';
import {
  array,
  check,
  decode,
  type Infer,
  looseObject,
  nonNegativeInt,
  nullable,
  number,
  object,
  record,
  string,
} from './decode.js';
import { bucketOf, type Fold, foldLines, foldLinesWithin, seriesPut, seriesThin } from './line-fold.js';
import { linesBackward } from './lines.js';
import { appendLine, checkedForWrite } from './store.js';
import type { Workspace } from './workspace.js';

/**
 * COSTS (docs/RUNTIME.md section 19): one JSON line per agent session whose transcript ended in a `result`
 * event, appended by the loop when the session ends. Spend per run, per UTC day and per module is the sum of
 * these lines, kept in `costs.summary.json` (folded incrementally, line-fold.ts).
 */
const nonNegativeNumber = check(
  'a number ≥ 0',
  (input): input is number => typeof input === 'number' && Number.isFinite(input) && input >= 0,
);

export const costLine = looseObject({
  at: string,
  run: string,
  epoch: nonNegativeInt,
  iter: nonNegativeInt,
  module: string,
  transcript: string,
  /** The `session_id` of the result event (null when the agent printed none). */
  session_id: nullable(string),
  /** Byte offset of the result event in the transcript: with `transcript`, what makes a session one. */
  result_offset: nonNegativeInt,
  input_tokens: nonNegativeInt,
  output_tokens: nonNegativeInt,
  cache_read_tokens: nonNegativeInt,
  cache_creation_tokens: nonNegativeInt,
  cost_usd: nonNegativeNumber,
  turns: nullable(nonNegativeInt),
});

export type CostLine = Infer<typeof costLine>;

export const spendTotals = object({
  sessions: nonNegativeInt,
  input_tokens: nonNegativeInt,
  output_tokens: nonNegativeInt,
  cache_read_tokens: nonNegativeInt,
  cache_creation_tokens: nonNegativeInt,
  cost_usd: number,
});

export type SpendTotals = Infer<typeof spendTotals>;

/** costs.summary.json's value: totals over all sessions, per run id, per UTC day, per module, and over time. */
export const costSummary = object({
  total: spendTotals,
  runs: record(spendTotals),
  days: record(spendTotals),
  modules: record(spendTotals),
  /** `[bucket start ms, cumulative USD, cumulative tokens]`, 10-minute buckets (hourly when over 48 h old). */
  series: array(array(number)),
});

export type CostSummary = Infer<typeof costSummary>;

export function costsPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, 'COSTS');
}

export function costSummaryPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, 'costs.summary.json');
}

export function emptyTotals(): SpendTotals {
  return {
    sessions: 0,
    input_tokens: 0,
    output_tokens: 0,
    cache_read_tokens: 0,
    cache_creation_tokens: 0,
    cost_usd: 0,
  };
}

/** Every token of a session: input, output, cache reads and cache writes (what `max_tokens_per_day` counts). */
export function totalTokens(totals: SpendTotals): number {
  return totals.input_tokens + totals.output_tokens + totals.cache_read_tokens + totals.cache_creation_tokens;
}

function addTo(totals: SpendTotals, line: CostLine): void {
  totals.sessions += 1;
  totals.input_tokens += line.input_tokens;
  totals.output_tokens += line.output_tokens;
  totals.cache_read_tokens += line.cache_read_tokens;
  totals.cache_creation_tokens += line.cache_creation_tokens;
  totals.cost_usd += line.cost_usd;
}

export function parseCostLine(text: string): CostLine | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const decoded = decode(costLine, value);
  return decoded.ok ? decoded.value : null;
}

function costFold(workspace: Workspace): Fold<CostSummary> {
  return {
    cache: costSummaryPath(workspace),
    value: costSummary,
    init: () => ({ total: emptyTotals(), runs: {}, days: {}, modules: {}, series: [] }),
    step: (summary, text) => {
      const line = parseCostLine(text);
      if (line === null) return;
      addTo(summary.total, line);
      addTo(bucketOf(summary.runs, line.run, emptyTotals), line);
      addTo(bucketOf(summary.days, line.at.slice(0, 10), emptyTotals), line);
      addTo(bucketOf(summary.modules, line.module, emptyTotals), line);
      const at = Date.parse(line.at);
      if (Number.isFinite(at))
        seriesPut(summary.series, at, [summary.total.cost_usd, totalTokens(summary.total)]);
    },
    settle: (summary) => seriesThin(summary.series),
  };
}

/** The spend so far, from costs.summary.json plus whatever COSTS gained since (lines that do not decode are skipped). */
export function readCostSummary(workspace: Workspace): CostSummary {
  return foldLines(costsPath(workspace), costFold(workspace));
}

/** As readCostSummary; undefined when more than `maxBytes` of COSTS are not summarised yet (status). */
export function readCostSummaryWithin(workspace: Workspace, maxBytes: number): CostSummary | undefined {
  return foldLinesWithin(costsPath(workspace), costFold(workspace), maxBytes);
}

/**
 * Appends a session's line unless COSTS already has it (same transcript, session id and result offset among
 * the last lines): a session is counted once even when recording is retried.
 */
export function appendCost(workspace: Workspace, line: CostLine): boolean {
  const path = costsPath(workspace);
  let seen = 0;
  for (const previous of linesBackward(path)) {
    const parsed = parseCostLine(previous.text);
    if (
      parsed !== null &&
      parsed.transcript === line.transcript &&
      parsed.session_id === line.session_id &&
      parsed.result_offset === line.result_offset
    ) {
      return false;
    }
    if (++seen >= 20) break;
  }
  appendLine(path, checkedForWrite(path, costLine, line));
  return true;
}
