import type { LoopClock } from '../../src/loop/clock.js';

/** A clock the test moves: `sleep` waits until `advance` passes its end (or its signal aborts). */
export class ManualClock implements LoopClock {
  #now: number;
  readonly #sleepers = new Set<{ until: number; wake: () => void }>();

  constructor(start = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  jitterMs(): number {
    return 0;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const sleeper = {
        until: this.#now + ms,
        wake: () => {
          this.#sleepers.delete(sleeper);
          signal.removeEventListener('abort', sleeper.wake);
          resolve();
        },
      };
      this.#sleepers.add(sleeper);
      signal.addEventListener('abort', sleeper.wake, { once: true });
    });
  }

  /** How many sleeps are pending: the loop is waiting on this clock. */
  get sleeping(): number {
    return this.#sleepers.size;
  }

  advance(ms: number): void {
    this.#now += ms;
    for (const sleeper of [...this.#sleepers]) if (sleeper.until <= this.#now) sleeper.wake();
  }
}

/**
 * A pattern for how a WAITING reason names the wait's end (clockTime): `HH:MM UTC` of any of `ends`, with the
 * date before it when that is not the day the loop wrote it on. A test cannot know that day near midnight, so
 * the date may be there or not, and must be the end's own date when it is.
 */
export function untilPattern(...ends: number[]): string {
  const choices = ends.map((ms) => {
    const at = new Date(ms).toISOString();
    return `(?:${at.slice(0, 10)} )?${at.slice(11, 16)}`;
  });
  return `(?:${choices.join('|')}) UTC`;
}
