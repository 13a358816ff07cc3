import { appendFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { budgetReached, spendOf } from '../../../src/core/guards/budget.js';
import { buildCostReport } from '../../../src/core/report/cost.js';
import { buildTrend } from '../../../src/core/report/trend.js';
import {
  appendCost,
  type CostLine,
  readCostSummary,
  readCostSummaryWithin,
} from '../../../src/core/runtime/costs.js';
import { readVerdictSummary } from '../../../src/core/runtime/verdict-summary.js';
import { workspaceAt } from '../../../src/core/runtime/workspace.js';
import { readGuardsView } from '../../../src/core/status/guards.js';
import { tempDir } from '../../helpers/cli.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function fixture() {
  const made = tempDir('autoswe-report-');
  cleanup = made.cleanup;
  const workspace = workspaceAt(made.dir, {});
  mkdirSync(workspace.runtimeDir, { recursive: true });
  return workspace;
}

const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const HOUR = 3_600_000;

function verdict(hours: number, run: string, module: string, kind: string, before: number, after: number) {
  return `${JSON.stringify({ at: new Date(T0 + hours * HOUR).toISOString(), epoch: 0, iter: Math.round(hours), module, verdict: kind, reason: 'r', green_before: before, green_after: kind === 'REVERT' ? before : after, total: 20, run, flips: [] })}\n`;
}

function cost(hours: number, run: string, module: string, usd: number, transcript: string): CostLine {
  return {
    at: new Date(T0 + hours * HOUR).toISOString(),
    run,
    epoch: 0,
    iter: Math.round(hours),
    module,
    transcript,
    session_id: transcript,
    result_offset: 0,
    input_tokens: 100,
    output_tokens: 50,
    cache_read_tokens: 1000,
    cache_creation_tokens: 10,
    cost_usd: usd,
    turns: 3,
  };
}

describe('cost and trend on a fixture', () => {
  it('sums spend per run, day and module once per session, with cost per GREEN cell gained', () => {
    const workspace = fixture();
    appendFileSync(workspace.paths.verdicts, verdict(1, 'r1', 'calc', 'ACCEPT', 10, 12));
    appendFileSync(workspace.paths.verdicts, verdict(2, 'r1', 'calc', 'REVERT', 12, 15));
    appendFileSync(workspace.paths.verdicts, '{"type":"flip","module":"calc"}\nnot json\n');
    appendFileSync(workspace.paths.verdicts, verdict(30, 'r2', 'units', 'REVISE', 12, 13));
    expect(appendCost(workspace, cost(1, 'r1', 'calc', 0.5, 't1'))).toBe(true);
    expect(appendCost(workspace, cost(2, 'r1', 'calc', 0.25, 't2'))).toBe(true);
    // The same session again is not counted twice.
    expect(appendCost(workspace, cost(2, 'r1', 'calc', 0.25, 't2'))).toBe(false);
    expect(appendCost(workspace, cost(30, 'r2', 'units', 1, 't3'))).toBe(true);

    const byRun = buildCostReport(workspace, 'run');
    expect(
      byRun.rows.map((row) => [row.key, row.sessions, row.cost_usd, row.green_gained, row.usd_per_green]),
    ).toEqual([
      ['r1', 2, 0.75, 2, 0.375],
      ['r2', 1, 1, 1, 1],
    ]);
    expect(byRun.total).toMatchObject({
      sessions: 3,
      input_tokens: 300,
      output_tokens: 150,
      cache_read_tokens: 3000,
      cache_creation_tokens: 30,
      cost_usd: 1.75,
      green_gained: 3,
      verdicts: 3,
    });
    expect(buildCostReport(workspace, 'day').rows.map((row) => [row.key, row.cost_usd])).toEqual([
      ['2026-12-01', 0.75],
      ['2026-12-02', 1],
    ]);
    expect(buildCostReport(workspace, 'module').rows.map((row) => row.key)).toEqual(['units', 'calc']);

    const spend = spendOf(readCostSummary(workspace), 'r1', new Date(T0 + 3 * HOUR));
    expect(
      budgetReached({ max_cost_usd: 0.75, max_cost_usd_per_day: null, max_tokens_per_day: null }, spend),
    ).toBe('limits.max_cost_usd ($0.75) reached: $0.75 spent in run r1 (2 sessions)');
    expect(
      budgetReached({ max_cost_usd: 0.76, max_cost_usd_per_day: null, max_tokens_per_day: 2321 }, spend),
    ).toBeNull();
    expect(
      budgetReached({ max_cost_usd: null, max_cost_usd_per_day: null, max_tokens_per_day: 2320 }, spend),
    ).toBe('limits.max_tokens_per_day (2,320) reached: 2,320 tokens today (2026-12-01 UTC)');
  });

  it('trend: cells per hour over 6 h and 24 h, REVERT rate and the expected finish', () => {
    const workspace = fixture();
    // 10 → 18 GREEN of 20 over 16 hours: +4 in the last 6 h, one REVERT in four verdicts there.
    appendFileSync(workspace.paths.verdicts, verdict(0, 'r1', 'calc', 'ACCEPT', 9, 10));
    appendFileSync(workspace.paths.verdicts, verdict(8, 'r1', 'calc', 'ACCEPT', 10, 14));
    appendFileSync(workspace.paths.verdicts, verdict(11, 'r1', 'calc', 'ACCEPT', 14, 16));
    appendFileSync(workspace.paths.verdicts, verdict(12, 'r1', 'calc', 'REVERT', 16, 17));
    appendFileSync(workspace.paths.verdicts, verdict(14, 'r1', 'calc', 'REVISE', 16, 17));
    appendFileSync(workspace.paths.verdicts, verdict(16, 'r1', 'calc', 'ACCEPT', 17, 18));
    appendCost(workspace, cost(8, 'r1', 'calc', 1, 't1'));
    appendCost(workspace, cost(16, 'r1', 'calc', 2, 't2'));
    const now = new Date(T0 + 16 * HOUR);
    const trend = buildTrend(workspace, now);
    // No parity.json: now is the newest point.
    expect(trend).toMatchObject({ green: 18, total: 20, red: 2, verdicts: 6 });
    expect(trend.points.map((point) => point.green)).toEqual([10, 14, 16, 16, 17, 18]);
    // From 14 (the point at 8 h, the last before 10 h) to 18 over 6 h.
    expect(trend.last_6h.cells_per_hour).toBeCloseTo(4 / 6);
    expect(trend.last_6h).toMatchObject({ verdicts: 4, reverts: 1, revert_rate: 0.25 });
    // The run is younger than 24 h: 10 → 18 over the 16 h since its first point.
    expect(trend.last_24h.cells_per_hour).toBeCloseTo(8 / 16);
    expect(trend.revert_rate).toBeCloseTo(1 / 6);
    expect(trend.expected_finish).toEqual({
      at: new Date(now.getTime() + 3 * HOUR).toISOString(),
      basis: '6h',
    });
    expect(trend.cost.map((point) => point.usd)).toEqual([1, 3]);

    // Nothing gained for a day: no expected finish.
    const later = buildTrend(workspace, new Date(T0 + 60 * HOUR));
    expect(later.last_6h.cells_per_hour).toBe(0);
    expect(later.expected_finish).toBeNull();
  });

  it('folds only what was appended since; a replaced, truncated or deleted summary gives the same figures', () => {
    const workspace = fixture();
    for (let hour = 0; hour < 50; hour++) {
      appendFileSync(workspace.paths.verdicts, verdict(hour, 'r1', 'calc', 'ACCEPT', hour, hour + 1));
    }
    const first = readVerdictSummary(workspace);
    expect(first.total.ACCEPT).toBe(50);
    // Older than 48 h before the newest point: hourly (here one point an hour anyway).
    expect(first.series).toHaveLength(50);
    appendFileSync(workspace.paths.verdicts, verdict(50.05, 'r2', 'units', 'REVISE', 50, 51));
    // A torn last line (no newline yet) waits for a later reader.
    appendFileSync(workspace.paths.verdicts, verdict(51, 'r2', 'units', 'ACCEPT', 51, 52).trimEnd());
    const second = readVerdictSummary(workspace);
    expect(second.total).toMatchObject({ ACCEPT: 50, REVISE: 1 });
    expect(second.runs.r2).toMatchObject({ REVISE: 1, gained: 1 });
    appendFileSync(workspace.paths.verdicts, '\n');
    expect(readVerdictSummary(workspace).total.ACCEPT).toBe(51);

    rmSync(join(workspace.runtimeDir, 'verdicts.summary.json'));
    expect(readVerdictSummary(workspace).total).toMatchObject({ ACCEPT: 51, REVISE: 1 });
    writeFileSync(join(workspace.runtimeDir, 'verdicts.summary.json'), '{"source": 7}');
    expect(readVerdictSummary(workspace).total.ACCEPT).toBe(51);
    // Truncated and rewritten: folded again from the start.
    writeFileSync(workspace.paths.verdicts, verdict(1, 'r3', 'calc', 'REVERT', 3, 4));
    expect(readVerdictSummary(workspace).total).toEqual({ ACCEPT: 0, REVISE: 0, REVERT: 1, gained: 0 });
    // Rewritten in place, same inode and longer than before: the tail it ended on differs, folded again.
    const before = statSync(workspace.paths.verdicts).ino;
    writeFileSync(
      workspace.paths.verdicts,
      `${verdict(2, 'r4', 'calc', 'REVISE', 3, 4)}${verdict(3, 'r4', 'calc', 'ACCEPT', 4, 5)}`,
    );
    expect(statSync(workspace.paths.verdicts).ino).toBe(before);
    expect(readVerdictSummary(workspace).total).toEqual({ ACCEPT: 1, REVISE: 1, REVERT: 0, gained: 2 });
  });

  it('status folds at most its budget: more new bytes than that is said, never folded on every status', () => {
    const workspace = fixture();
    for (let index = 0; index < 50; index++)
      appendCost(workspace, cost(index / 10, 'r1', 'calc', 0.01, `t${index}`));
    expect(readCostSummaryWithin(workspace, 100)).toBeUndefined();
    const view = readGuardsView(workspace, { run: 'r1' }, { kind: 'missing' }, new Date(T0));
    expect(view.spend).not.toBeNull();
    // Made once (by cost, trend or the loop), a summary needs only what was appended since.
    readCostSummary(workspace);
    appendCost(workspace, cost(6, 'r1', 'calc', 0.01, 'late'));
    expect(readCostSummaryWithin(workspace, 1000)?.total.sessions).toBe(51);
  });
});
