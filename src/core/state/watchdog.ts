import { AutosweError, errorMessage } from '../../base/errors.js';
import { recordEvent } from '../events/record.js';
import { readHeartbeat } from '../runtime/heartbeat.js';
import { pause } from '../runtime/sentinels.js';
import { type LoopState, readState, updateState } from '../runtime/state.js';
import type { Workspace } from '../runtime/workspace.js';

/** docs/RUNTIME.md section 6: the default when autoswe.yaml does not set watchdog.stale_after. */
export const DEFAULT_STALE_AFTER_MS = 15 * 60_000;

export interface WatchdogOptions {
  readonly staleAfterMs: number;
  readonly now?: () => Date;
  /** Whether the workspace's autoswe@<name>.service is active; null when systemd cannot be asked. */
  readonly serviceActive?: () => Promise<boolean | null>;
  readonly pidAlive?: (pid: number) => boolean;
}

/** The last sign of life of the loop: its heartbeat, else the last write of state.json. */
interface LastSign {
  readonly at: string;
  readonly source: 'HEARTBEAT' | 'state.json';
  readonly ageMs: number;
  readonly vertex: string | null;
  readonly pid: number | null;
}

export interface WatchdogReport {
  readonly at: string;
  readonly staleAfterMs: number;
  /** state.json's status, or UNINITIALIZED. */
  readonly loopStatus: string;
  readonly lastSign: LastSign | null;
  /** True when this pass turned the loop WEDGE_PAUSED and wrote PAUSE. */
  readonly wedged: boolean;
  readonly reason: string | null;
  /** Things an operator should know that this pass did not act on. */
  readonly warnings: readonly string[];
}

/** A loop in these states beats HEARTBEAT (a WAITING one every 30 s of its wait), so a stale one is wedged. */
const BEATING: ReadonlySet<string | undefined> = new Set(['RUNNING', 'WAITING']);

/** Thrown inside the state update when the loop changed under us: nothing is written then. */
class StateMovedOn extends Error {}

/**
 * One watchdog pass. A RUNNING (or WAITING) loop whose last sign of life is older than `staleAfterMs` becomes
 * WEDGE_PAUSED with a reason, and PAUSE is written. Idempotent: a second pass finds it WEDGE_PAUSED.
 * A RUNNING state with the service inactive is reported, not acted on (the loop may run in a terminal).
 */
export async function watchdogPass(workspace: Workspace, options: WatchdogOptions): Promise<WatchdogReport> {
  const now = options.now ?? (() => new Date());
  const at = now();
  const state = readLoopState(workspace);
  const loopStatus = state?.status ?? 'UNINITIALIZED';
  const warnings: string[] = [];
  const base = { at: at.toISOString(), staleAfterMs: options.staleAfterMs, loopStatus };
  if (state === null || !BEATING.has(state.status)) {
    return { ...base, lastSign: null, wedged: false, reason: null, warnings };
  }
  const lastSign = findLastSign(workspace, state, at, warnings);
  warnings.push(...(await serviceWarnings(options, lastSign)));
  if (lastSign === null) {
    warnings.push('state says RUNNING but there is no HEARTBEAT nor updated_at to judge its age by');
    return { ...base, lastSign, wedged: false, reason: null, warnings };
  }
  if (lastSign.ageMs <= options.staleAfterMs) {
    return { ...base, lastSign, wedged: false, reason: null, warnings };
  }
  const reason = wedgeReason(lastSign, options.staleAfterMs);
  const wedged = await wedge(workspace, reason, options.staleAfterMs, now);
  if (wedged) {
    await pause(workspace, { hard: false, reason, user: 'watchdog', now: at });
    recordEvent(workspace, {
      at: at.toISOString(),
      type: 'wedge',
      by: 'watchdog',
      reason,
      ...wedgeIds(state),
    });
  }
  return { ...base, lastSign, wedged, reason: wedged ? reason : null, warnings };
}

function readLoopState(workspace: Workspace): LoopState | null {
  const read = readState(workspace);
  if (read.kind === 'corrupt') {
    throw new AutosweError(`cannot judge the loop: ${workspace.paths.state} is corrupt (${read.message})`);
  }
  return read.kind === 'ok' ? read.value : null;
}

function findLastSign(workspace: Workspace, state: LoopState, at: Date, warnings: string[]): LastSign | null {
  const heartbeat = readHeartbeat(workspace);
  if (heartbeat.kind === 'ok') {
    const time = Date.parse(heartbeat.value.at);
    if (!Number.isNaN(time)) {
      return {
        at: heartbeat.value.at,
        source: 'HEARTBEAT',
        ageMs: Math.max(0, at.getTime() - time),
        vertex: heartbeat.value.vertex,
        pid: heartbeat.value.pid,
      };
    }
    warnings.push(
      `HEARTBEAT has no valid 'at' (${JSON.stringify(heartbeat.value.at)}); judging by state.json`,
    );
  } else if (heartbeat.kind === 'corrupt') {
    warnings.push(`HEARTBEAT is unreadable (${heartbeat.message}); judging by state.json`);
  }
  const updatedAt = state.updated_at ?? '';
  const time = Date.parse(updatedAt);
  if (Number.isNaN(time)) return null;
  return {
    at: updatedAt,
    source: 'state.json',
    ageMs: Math.max(0, at.getTime() - time),
    vertex: state.vertex ?? null,
    pid: null,
  };
}

async function serviceWarnings(options: WatchdogOptions, lastSign: LastSign | null): Promise<string[]> {
  const active = options.serviceActive ? await options.serviceActive() : null;
  if (active !== false) return [];
  const pid = lastSign?.pid ?? null;
  let where = '';
  if (pid !== null) {
    const alive = (options.pidAlive ?? processAlive)(pid);
    where = alive
      ? ` (pid ${pid} of the heartbeat is alive: the loop runs outside the service)`
      : ` (pid ${pid} of the heartbeat is gone: the loop ended without updating its state)`;
  }
  return [`state says RUNNING but the workspace's service is not active${where}`];
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function minutes(ms: number): string {
  const total = Math.round(ms / 1000);
  return total < 120 ? `${total} s` : `${Math.round(total / 60)} min`;
}

function wedgeReason(sign: LastSign, staleAfterMs: number): string {
  const what = sign.source === 'HEARTBEAT' ? 'no heartbeat' : 'no heartbeat and no state change';
  const details = [sign.vertex ? `vertex ${sign.vertex}` : null, sign.pid !== null ? `pid ${sign.pid}` : null]
    .filter((part) => part !== null)
    .join(', ');
  return `${what} for ${minutes(sign.ageMs)} (stale after ${minutes(staleAfterMs)})${details ? `; last ${details}` : ''}`;
}

/** Sets WEDGE_PAUSED under the lock, re-checking that the loop is still RUNNING and still stale. */
async function wedge(
  workspace: Workspace,
  reason: string,
  staleAfterMs: number,
  now: () => Date,
): Promise<boolean> {
  try {
    await updateState(
      workspace,
      (current) => {
        const sign = BEATING.has(current.status) ? findLastSign(workspace, current, now(), []) : null;
        if (sign === null || sign.ageMs <= staleAfterMs) throw new StateMovedOn();
        return { status: 'WEDGE_PAUSED', reason };
      },
      now,
    );
    return true;
  } catch (error) {
    if (error instanceof StateMovedOn) return false;
    if (error instanceof AutosweError) throw error;
    throw new AutosweError(`could not wedge-pause the loop: ${errorMessage(error)}`);
  }
}

/** The run, epoch, iteration and module a wedge happened in, as state.json says. */
function wedgeIds(state: LoopState): { run?: string; epoch?: number; iter?: number; module?: string } {
  return {
    ...(state.run === undefined ? {} : { run: state.run }),
    ...(state.epoch === undefined ? {} : { epoch: state.epoch }),
    ...(state.iter === undefined ? {} : { iter: state.iter }),
    ...(typeof state.module === 'string' ? { module: state.module } : {}),
  };
}
