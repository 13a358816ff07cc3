import { type FSWatcher, statSync, watch } from 'node:fs';
import { agentModelBase } from '../adapters/agents/claude-code.js';
import { recordEvent } from '../core/events/record.js';
import { readSentinels, takeRetry } from '../core/runtime/sentinels.js';
import { mergeState } from '../core/runtime/state.js';
import { clockTime, type SessionAction } from '../core/session/policy.js';
import { pauseLoop } from '../core/state/pause.js';
import type { LoopClock } from './clock.js';
import { Interrupted, type LoopRun } from './loop-run.js';
import type { ModelProbe } from './model-probe.js';

/** While the model proxy is down, it is probed this often. */
export const PROBE_INTERVAL_MS = 30_000;
/** HEARTBEAT is rewritten this often while the loop waits (the watchdog only judges RUNNING loops). */
const WAIT_BEAT_MS = 30_000;

/** The endpoint the agent talks to: its ANTHROPIC_BASE_URL as the adapter sets it, else the proxy. */
export function modelBase(run: LoopRun): string {
  return agentModelBase(run.config, run.env);
}

/**
 * Acts on a session that failed for a reason outside the code. `pause` writes PAUSE with the reason (the
 * gate holds at the next vertex, state PAUSED). `wait` sets state WAITING with `reason` and `wait_until`
 * and sleeps on the loop's clock until then; `resume` (RETRY) ends the wait at once, `pause` turns it
 * into a pause, SIGTERM stops the run. An API error's wait then probes the model proxy and keeps waiting,
 * "model proxy down since HH:MM", while it is down.
 */
export async function actOnOutsideFailure(
  run: LoopRun,
  action: Exclude<SessionAction, { kind: 'judge' }>,
  clock: LoopClock,
  probe: ModelProbe,
): Promise<void> {
  if (action.kind === 'pause') {
    run.log(`pausing: ${action.reason}`);
    await pauseLoop(
      run.workspace,
      { hard: false, reason: action.reason, user: 'autoswe', by: 'loop' },
      run.env,
    );
    return;
  }
  // A RETRY left from before this wait must not end it.
  takeRetry(run.workspace);
  let until = action.until;
  let reason = action.reason;
  let downSince: number | null = null;
  const probing = action.probe;
  const started = recordWait(run, reason, until, clock);
  try {
    await waitOut();
  } finally {
    recordWaitEnded(run, started, clock);
  }
  async function waitOut(): Promise<void> {
    for (;;) {
      await enterWait(run, reason, until);
      const woke = await sleepUntil(run, until, clock);
      if (woke === 'pause') return;
      if (woke === 'retry') {
        run.log('wait cut short by resume: retrying now');
        return;
      }
      if (!probing) return;
      const base = modelBase(run);
      const answer = await probe(base);
      if (answer.up) {
        if (downSince !== null) run.log(`model proxy ${base} is back`);
        return;
      }
      downSince ??= clock.now();
      until = clock.now() + PROBE_INTERVAL_MS;
      reason = `model proxy down since ${clockTime(downSince, clock.now())} (${base}: ${answer.error}); next probe at ${clockTime(until, clock.now())}`;
    }
  }
}

/** `wait.started` in EVENTS (docs/RUNTIME.md section 21); returns when, on the loop's clock. */
function recordWait(run: LoopRun, reason: string, until: number, clock: LoopClock): number {
  const at = clock.now();
  recordEvent(
    run.workspace,
    {
      type: 'wait.started',
      by: 'loop',
      reason,
      until: new Date(until).toISOString(),
      run: run.id,
      iter: run.iter,
    },
    run.env,
  );
  return at;
}

function recordWaitEnded(run: LoopRun, started: number, clock: LoopClock): void {
  const lasted = Math.max(0, Math.round(clock.now() - started));
  recordEvent(
    run.workspace,
    { type: 'wait.ended', by: 'loop', reason: null, duration_ms: lasted, run: run.id, iter: run.iter },
    run.env,
  );
}

async function enterWait(run: LoopRun, reason: string, until: number): Promise<void> {
  const at = new Date(until).toISOString();
  run.log(`waiting: ${reason}`);
  await mergeState(run.workspace, { status: 'WAITING', reason, wait_until: at, vertex: null });
  await run.beat(null);
  run.emit({ kind: 'waiting', reason, until: at });
}

/**
 * Sleeps on the clock until `until`; wakes early for RETRY ('retry'), PAUSE/PAUSE_HARD ('pause'), or
 * the run's abort (throws Interrupted). Watches the runtime dir so either is seen at once.
 */
async function sleepUntil(
  run: LoopRun,
  until: number,
  clock: LoopClock,
): Promise<'time' | 'retry' | 'pause'> {
  let nextBeat = clock.now() + WAIT_BEAT_MS;
  for (;;) {
    run.checkAborted();
    if (takeRetry(run.workspace)) return 'retry';
    const sentinels = readSentinels(run.workspace);
    if (sentinels.soft !== null || sentinels.hard !== null) return 'pause';
    const now = clock.now();
    if (now >= until) return 'time';
    if (now >= nextBeat) {
      await run.beat(null);
      nextBeat = now + WAIT_BEAT_MS;
    }
    await napUntilChange(run, Math.min(until, nextBeat) - now, clock);
  }
}

/** One nap on the clock, cut short by any change in the runtime dir or the run's abort. */
async function napUntilChange(run: LoopRun, ms: number, clock: LoopClock): Promise<void> {
  const wake = new AbortController();
  const onAbort = () => wake.abort();
  run.signal.addEventListener('abort', onAbort, { once: true });
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(run.workspace.runtimeDir, (_event, name) => {
      if (name === null || name === 'RETRY' || name === 'PAUSE' || name === 'PAUSE_HARD') wake.abort();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    // No watch: the nap ends on the clock alone.
  }
  try {
    // A change between the caller's look and the watch starting would otherwise wait for the clock.
    if (somethingToSee(run)) return;
    await clock.sleep(ms, wake.signal);
  } finally {
    watcher?.close();
    run.signal.removeEventListener('abort', onAbort);
  }
  if (run.signal.aborted) throw new Interrupted();
}

/** RETRY, PAUSE or PAUSE_HARD is there: the nap has a reason to end now. */
function somethingToSee(run: LoopRun): boolean {
  const sentinels = readSentinels(run.workspace);
  if (sentinels.soft !== null || sentinels.hard !== null) return true;
  return statSync(run.workspace.paths.retry, { throwIfNoEntry: false }) !== undefined;
}
