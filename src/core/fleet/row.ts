/** How a loop was reached: its files read, or its host's serve answering (or not). */
export type Reach = 'ok' | 'broken' | 'unreachable' | 'refused' | 'timeout' | 'error';

export type PauseKind = 'hard' | 'wedge' | 'soft' | 'running';

/** What every row needs from a status model, local or remote (times in the model's own clock). */
export interface LoopSummary {
  /** When the model was read, by the clock that read it. */
  readonly at: string;
  readonly root: string | null;
  /** state.json's status; UNINITIALIZED without one, CORRUPT when unreadable. */
  readonly state: string;
  readonly reason: string | null;
  readonly pause: PauseKind | null;
  readonly parity: { readonly green: number; readonly total: number } | null;
  readonly lastVerdict: { readonly verdict: string; readonly at: string } | null;
  readonly heartbeatAt: string | null;
  /** The instance's ActiveState (`active`, `failed`…), when known. */
  readonly service: string | null;
  /** USD spent today (UTC) by the workspace's sessions, and the expected finish (status's guards). */
  readonly spendTodayUsd: number | null;
  readonly eta: string | null;
}

/** One loop of the fleet: `autoswe fleet --json` prints these (docs/FLEET.md), the page and TUI draw them. */
export interface FleetRow {
  readonly name: string;
  /** This machine's host name for a local loop; `host:port` of its serve for a remote one. */
  readonly host: string;
  readonly source: 'local' | 'remote';
  /** The remote serve's base URL (its pages); null for a local loop. */
  readonly url: string | null;
  readonly root: string | null;
  readonly reach: Reach;
  /** Why it could not be read, one line (never holding a token); null when reach is ok. */
  readonly problem: string | null;
  readonly state: string | null;
  readonly reason: string | null;
  readonly pause: PauseKind | null;
  readonly service: string | null;
  readonly parity: { readonly green: number; readonly total: number } | null;
  /** Times are shifted onto this machine's clock (age kept as the loop's host measured it). */
  readonly lastVerdict: { readonly verdict: string; readonly at: string; readonly ageMs: number } | null;
  readonly heartbeat: { readonly at: string; readonly ageMs: number; readonly stale: boolean } | null;
  /** USD spent today: null until the status model carries it (issue 11's budget). */
  readonly spendTodayUsd: number | null;
  /** Expected finish: null until the status model carries it (issue 12's trend). */
  readonly eta: string | null;
  /** Lower comes first: what needs the operator, most urgent first. */
  readonly attention: { readonly rank: number; readonly reason: string };
}

/** A heartbeat older than this on a RUNNING loop is stale: the watchdog's default `stale_after`. */
export const STALE_HEARTBEAT_MS = 15 * 60_000;

export interface RowBase {
  readonly name: string;
  readonly host: string;
  readonly source: 'local' | 'remote';
  readonly url: string | null;
}

/** A loop that could not be read: its row says why, in place. */
export function unreadRow(
  base: RowBase,
  reach: Exclude<Reach, 'ok'>,
  problem: string,
  root: string | null = null,
): FleetRow {
  return {
    ...base,
    root,
    reach,
    problem,
    state: null,
    reason: null,
    pause: null,
    service: null,
    parity: null,
    lastVerdict: null,
    heartbeat: null,
    spendTodayUsd: null,
    eta: null,
    attention: { rank: RANKS.unreachable, reason: reach },
  };
}

/** The row of a loop whose status was read; ages measured in the model's clock, then put on ours. */
export function summaryRow(base: RowBase, summary: LoopSummary, now: Date): FleetRow {
  const at = Date.parse(summary.at);
  const ageOf = (time: string) => Math.max(0, at - Date.parse(time));
  const onOurClock = (ageMs: number) => new Date(now.getTime() - ageMs).toISOString();
  const verdictAge = summary.lastVerdict === null ? null : ageOf(summary.lastVerdict.at);
  const heartbeatAge = summary.heartbeatAt === null ? null : ageOf(summary.heartbeatAt);
  const row: Omit<FleetRow, 'attention'> = {
    ...base,
    root: summary.root,
    reach: 'ok',
    problem: null,
    state: summary.state,
    reason: summary.reason,
    pause: summary.pause,
    service: summary.service,
    parity: summary.parity,
    lastVerdict:
      summary.lastVerdict === null || verdictAge === null || Number.isNaN(verdictAge)
        ? null
        : { verdict: summary.lastVerdict.verdict, at: onOurClock(verdictAge), ageMs: verdictAge },
    heartbeat:
      heartbeatAge === null || Number.isNaN(heartbeatAge)
        ? null
        : { at: onOurClock(heartbeatAge), ageMs: heartbeatAge, stale: heartbeatAge > STALE_HEARTBEAT_MS },
    spendTodayUsd: summary.spendTodayUsd,
    eta: summary.eta,
  };
  return { ...row, attention: attention(row) };
}

/** The order of docs/FLEET.md: wedged, waiting, paused, failed, stale heartbeat, unreachable, running, the rest. */
export const RANKS = {
  wedged: 0,
  waiting: 1,
  paused: 2,
  failed: 3,
  stale: 4,
  unreachable: 5,
  running: 6,
  idle: 7,
} as const;

function attention(row: Omit<FleetRow, 'attention'>): FleetRow['attention'] {
  if (row.pause === 'wedge' || row.state === 'WEDGE_PAUSED') return { rank: RANKS.wedged, reason: 'wedged' };
  if (row.state === 'WAITING') return { rank: RANKS.waiting, reason: 'waiting' };
  if (row.pause === 'hard' || row.pause === 'soft' || row.state === 'PAUSED') {
    return { rank: RANKS.paused, reason: row.pause === 'hard' ? 'hard paused' : 'paused' };
  }
  if (row.state === 'FAILED' || row.state === 'CORRUPT' || row.service === 'failed') {
    return { rank: RANKS.failed, reason: row.state === 'CORRUPT' ? 'state unreadable' : 'failed' };
  }
  if (row.state === 'RUNNING' && (row.heartbeat === null || row.heartbeat.stale)) {
    return { rank: RANKS.stale, reason: row.heartbeat === null ? 'no heartbeat' : 'stale heartbeat' };
  }
  if (row.state === 'RUNNING') return { rank: RANKS.running, reason: 'running' };
  return { rank: RANKS.idle, reason: (row.state ?? 'unknown').toLowerCase() };
}

/** Most urgent first; the same urgency by name, then host. */
export function sortRows(rows: readonly FleetRow[]): FleetRow[] {
  return [...rows].sort(
    (a, b) => a.attention.rank - b.attention.rank || compare(a.name, b.name) || compare(a.host, b.host),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
