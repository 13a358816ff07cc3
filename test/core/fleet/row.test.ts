import { describe, expect, it } from 'vitest';
import { type LoopSummary, RANKS, sortRows, summaryRow, unreadRow } from '../../../src/core/fleet/row.js';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const base = (name: string) => ({ name, host: 'box', source: 'local' as const, url: null });
const summary = (over: Partial<LoopSummary>): LoopSummary => ({
  at: NOW.toISOString(),
  root: '/ws',
  state: 'RUNNING',
  reason: null,
  pause: 'running',
  parity: null,
  lastVerdict: null,
  heartbeatAt: '2026-11-24T11:59:50.000Z',
  service: null,
  spendTodayUsd: null,
  eta: null,
  ...over,
});

describe('a fleet row and the order of the fleet', () => {
  it('ranks what needs the operator first: wedged, waiting, paused, failed, stale, unreachable, running, the rest', () => {
    const rows = [
      summaryRow(base('done'), summary({ state: 'DONE' }), NOW),
      summaryRow(base('running'), summary({}), NOW),
      unreadRow(base('gone'), 'unreachable', 'connection refused'),
      summaryRow(base('stale'), summary({ heartbeatAt: '2026-11-24T11:00:00.000Z' }), NOW),
      summaryRow(base('failed'), summary({ state: 'FAILED' }), NOW),
      summaryRow(base('paused'), summary({ pause: 'soft' }), NOW),
      summaryRow(base('waiting'), summary({ state: 'WAITING' }), NOW),
      summaryRow(base('wedged'), summary({ state: 'WEDGE_PAUSED', pause: 'wedge' }), NOW),
    ];
    expect(sortRows(rows).map((row) => row.name)).toEqual([
      'wedged',
      'waiting',
      'paused',
      'failed',
      'stale',
      'gone',
      'running',
      'done',
    ]);
    expect(sortRows(rows).map((row) => row.attention.rank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('a failed service, a corrupt state and a RUNNING loop without heartbeat count as they should', () => {
    expect(summaryRow(base('a'), summary({ service: 'failed', state: 'IDLE' }), NOW).attention).toEqual({
      rank: RANKS.failed,
      reason: 'failed',
    });
    expect(summaryRow(base('b'), summary({ state: 'CORRUPT' }), NOW).attention.reason).toBe(
      'state unreadable',
    );
    expect(summaryRow(base('c'), summary({ heartbeatAt: null }), NOW).attention).toEqual({
      rank: RANKS.stale,
      reason: 'no heartbeat',
    });
  });

  it("measures ages by the loop's own clock and puts them on ours (a skewed remote clock changes nothing)", () => {
    // The remote host's clock runs an hour ahead: its status says 13:00, its heartbeat 12:59:30.
    const row = summaryRow(
      { ...base('far'), source: 'remote', url: 'http://far:8765' },
      summary({
        at: '2026-11-24T13:00:00.000Z',
        heartbeatAt: '2026-11-24T12:59:30.000Z',
        lastVerdict: { verdict: 'REVERT', at: '2026-11-24T12:50:00.000Z' },
      }),
      NOW,
    );
    expect(row.heartbeat).toEqual({ at: '2026-11-24T11:59:30.000Z', ageMs: 30_000, stale: false });
    expect(row.lastVerdict).toEqual({ verdict: 'REVERT', at: '2026-11-24T11:50:00.000Z', ageMs: 600_000 });
    expect(row.spendTodayUsd).toBeNull();
    expect(row.eta).toBeNull();
  });

  it('orders equally urgent loops by name, then host', () => {
    const rows = sortRows([
      summaryRow({ ...base('b'), host: 'h2' }, summary({}), NOW),
      summaryRow({ ...base('b'), host: 'h1' }, summary({}), NOW),
      summaryRow(base('a'), summary({}), NOW),
    ]);
    expect(rows.map((row) => `${row.name}@${row.host}`)).toEqual(['a@box', 'b@h1', 'b@h2']);
  });
});

describe('spend today and the expected finish', () => {
  it('come from the summary, as the status model gave them', () => {
    const row = summaryRow(
      base('spending'),
      summary({ spendTodayUsd: 1.25, eta: '2026-11-25T03:00:00.000Z' }),
      NOW,
    );
    expect(row).toMatchObject({ spendTodayUsd: 1.25, eta: '2026-11-25T03:00:00.000Z' });
    expect(summaryRow(base('new'), summary({}), NOW)).toMatchObject({ spendTodayUsd: null, eta: null });
  });
});
