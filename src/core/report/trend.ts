import { readCostSummary } from '../runtime/costs.js';
import type { SeriesPoint } from '../runtime/line-fold.js';
import { readParitySummary } from '../runtime/parity.js';
import { readVerdictSummary } from '../runtime/verdict-summary.js';
import type { Workspace } from '../runtime/workspace.js';

const HOUR_MS = 3_600_000;

/** How `trend` computes its figures; printed by `trend` and said in docs/COMMANDS.md. */
export const TREND_METHOD =
  "GREEN over time is each verdict's GREEN count after it (10-minute buckets, hourly past 48 h); cells/hour over a window is the GREEN gained from the last point before the window to the newest point, divided by the window (or by the time since the first point when the run is younger); REVERT rate is REVERTs over verdicts in the window; the expected finish is RED cells divided by the 6 h rate, else the 24 h rate, from now";

export interface TrendPoint {
  readonly at: string;
  readonly green: number;
  readonly total: number;
}

export interface CostPoint {
  readonly at: string;
  /** Cumulative USD and tokens up to this point. */
  readonly usd: number;
  readonly tokens: number;
}

export interface WindowFigures {
  readonly hours: number;
  /** GREEN cells gained per hour; null without two points to compare. */
  readonly cells_per_hour: number | null;
  readonly verdicts: number;
  readonly reverts: number;
  /** reverts / verdicts; null without verdicts. */
  readonly revert_rate: number | null;
}

export interface Trend {
  readonly at: string;
  /** Now, from parity.json (through its summary); else the newest point. */
  readonly green: number;
  readonly total: number;
  readonly red: number;
  readonly points: readonly TrendPoint[];
  readonly cost: readonly CostPoint[];
  readonly last_6h: WindowFigures;
  readonly last_24h: WindowFigures;
  readonly verdicts: number;
  readonly revert_rate: number | null;
  /** When every cell would be GREEN at the recent rate; null when no rate is positive (or nothing is RED). */
  readonly expected_finish: { readonly at: string; readonly basis: '6h' | '24h' } | null;
  readonly method: string;
}

/** The newest point at or before `at`, if any. */
function pointAtOrBefore(series: readonly SeriesPoint[], at: number): SeriesPoint | undefined {
  let found: SeriesPoint | undefined;
  for (const point of series) {
    if ((point[0] ?? 0) > at) break;
    found = point;
  }
  return found;
}

/** Cumulative verdict counts in a point: ACCEPT, REVISE, REVERT at indexes 3 to 5. */
function counts(point: SeriesPoint | undefined): { all: number; reverts: number } {
  if (point === undefined) return { all: 0, reverts: 0 };
  const [, , , accept = 0, revise = 0, revert = 0] = point;
  return { all: accept + revise + revert, reverts: revert };
}

export function windowFigures(series: readonly SeriesPoint[], now: number, hours: number): WindowFigures {
  const from = now - hours * HOUR_MS;
  const before = pointAtOrBefore(series, from);
  const first = series[0];
  const last = series.at(-1);
  const start = before ?? first;
  let cellsPerHour: number | null = null;
  if (start !== undefined && last !== undefined && (before !== undefined || start !== last)) {
    const since = Math.max(from, start[0] ?? from);
    const span = (now - since) / HOUR_MS;
    if (span > 0) cellsPerHour = ((last[1] ?? 0) - (start[1] ?? 0)) / span;
  }
  const end = counts(last);
  const base = counts(before);
  const verdicts = end.all - base.all;
  const reverts = end.reverts - base.reverts;
  return {
    hours,
    cells_per_hour: cellsPerHour,
    verdicts,
    reverts,
    revert_rate: verdicts > 0 ? reverts / verdicts : null,
  };
}

/** The trend of the loop: from the VERDICTS and COSTS summaries, so its cost does not grow with the run. */
export function buildTrend(workspace: Workspace, now: Date = new Date()): Trend {
  const verdicts = readVerdictSummary(workspace);
  const spend = readCostSummary(workspace);
  const series = verdicts.series;
  const last = series.at(-1);
  const parity = readParitySummary(workspace);
  const green = parity.kind === 'ok' ? parity.green : (last?.[1] ?? 0);
  const total = parity.kind === 'ok' ? parity.total : (last?.[2] ?? 0);
  const red = Math.max(0, total - green);
  const at = now.getTime();
  const last6 = windowFigures(series, at, 6);
  const last24 = windowFigures(series, at, 24);
  let expected: Trend['expected_finish'] = null;
  const rate6 = last6.cells_per_hour ?? 0;
  const rate24 = last24.cells_per_hour ?? 0;
  if (red > 0 && (rate6 > 0 || rate24 > 0)) {
    const basis = rate6 > 0 ? '6h' : '24h';
    const rate = rate6 > 0 ? rate6 : rate24;
    expected = { at: new Date(at + (red / rate) * HOUR_MS).toISOString(), basis };
  }
  const all = verdicts.total.ACCEPT + verdicts.total.REVISE + verdicts.total.REVERT;
  return {
    at: now.toISOString(),
    green,
    total,
    red,
    points: series.map((point) => ({
      at: new Date(point[0] ?? 0).toISOString(),
      green: point[1] ?? 0,
      total: point[2] ?? 0,
    })),
    cost: spend.series.map((point) => ({
      at: new Date(point[0] ?? 0).toISOString(),
      usd: point[1] ?? 0,
      tokens: point[2] ?? 0,
    })),
    last_6h: last6,
    last_24h: last24,
    verdicts: all,
    revert_rate: all > 0 ? verdicts.total.REVERT / all : null,
    expected_finish: expected,
    method: TREND_METHOD,
  };
}
