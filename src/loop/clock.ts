import { readFileSync } from 'node:fs';

/** The loop's time, injectable so tests control waits and backoffs (docs/LOOP.md, "Waiting"). */
export interface LoopClock {
  now(): number;
  /** Resolves after `ms` of this clock's time, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Added to a usage limit's reset time (ms). */
  jitterMs(): number;
}

/** Up to this much is added to a usage limit's reset time, so a fleet of loops does not return at once. */
export const LIMIT_JITTER_MS = 60_000;

export const realClock: LoopClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
    }),
  jitterMs: () => Math.floor(Math.random() * LIMIT_JITTER_MS),
};

/** How often an offset clock looks at its file while it sleeps (besides watching it). */
const OFFSET_TICK_MS = 200;

/**
 * The real clock shifted by the milliseconds written in `file` (missing or unreadable: 0), re-read on
 * every look: `AUTOSWE_TEST_CLOCK` (docs/RUNTIME.md section 17). Writing a larger offset moves the loop's
 * time forward at once, so a test or a drill can skip a usage limit's wait without touching the system
 * clock; sleeps end as soon as the shifted time passes their end.
 */
export function offsetClock(file: string): LoopClock {
  const offset = () => {
    try {
      const value = Number(readFileSync(file, 'utf8').trim());
      return Number.isFinite(value) ? value : 0;
    } catch {
      return 0;
    }
  };
  const now = () => Date.now() + offset();
  return {
    now,
    jitterMs: () => 0,
    sleep: async (ms, signal) => {
      const until = now() + ms;
      while (!signal.aborted && now() < until) {
        await realClock.sleep(Math.min(OFFSET_TICK_MS, until - now()), signal);
      }
    },
  };
}
