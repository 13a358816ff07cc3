import { type FSWatcher, watch } from 'node:fs';
import { readSentinels, type Sentinels } from '../core/runtime/sentinels.js';
import type { Workspace } from '../core/runtime/workspace.js';

/** The fallback re-check while held, in case a file event is missed (network filesystems, odd editors). */
export const PAUSE_TICK_MS = 60_000;

export type GateOutcome = 'open' | 'resumed' | 'aborted';

export interface GateOptions {
  readonly signal: AbortSignal;
  /** Called once when the gate starts holding, with the sentinels that hold it. */
  readonly onHold: (sentinels: Sentinels) => void | Promise<void>;
  readonly tickMs?: number;
  /** Called after each re-check while held, with whether the gate still holds (for observers and tests). */
  readonly onCheck?: (held: boolean) => void;
}

/** The text a held loop shows as its reason: the hard sentinel's first, then the soft one's. */
export function pauseReason(sentinels: Sentinels): string | null {
  if (sentinels.hard !== null) return `hard pause: ${sentinels.hard}`;
  if (sentinels.soft !== null) return `pause: ${sentinels.soft}`;
  return null;
}

/**
 * Holds while PAUSE or PAUSE_HARD exists. Wakes on any change in the runtime dir (fs.watch), so a resume
 * is seen at once, with a slow tick as the fallback; returns 'open' at once when nothing holds it.
 */
export async function waitWhilePaused(workspace: Workspace, options: GateOptions): Promise<GateOutcome> {
  const first = readSentinels(workspace);
  if (pauseReason(first) === null) return 'open';
  if (options.signal.aborted) return 'aborted';
  await options.onHold(first);
  return new Promise<GateOutcome>((resolveGate) => {
    let watcher: FSWatcher | undefined;
    let done = false;
    const finish = (outcome: GateOutcome) => {
      if (done) return;
      done = true;
      watcher?.close();
      clearInterval(tick);
      options.signal.removeEventListener('abort', onAbort);
      resolveGate(outcome);
    };
    const check = () => {
      if (done) return;
      const held = pauseReason(readSentinels(workspace)) !== null;
      options.onCheck?.(held);
      if (!held) finish('resumed');
    };
    const onAbort = () => finish('aborted');
    const tick = setInterval(check, options.tickMs ?? PAUSE_TICK_MS);
    // A SIGTERM while onHold was writing state (an operator or systemd stopping a loop the moment it shows
    // PAUSED) has already fired: its event will not come again, so look, or the stop waits for resume.
    if (options.signal.aborted) {
      finish('aborted');
      return;
    }
    options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      watcher = watch(workspace.runtimeDir, check);
      watcher.on('error', () => watcher?.close());
    } catch {
      // No watch available: the tick alone wakes us.
    }
    // A resume between the first read and the watch starting would otherwise wait for the tick.
    check();
  });
}
