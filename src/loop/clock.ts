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
