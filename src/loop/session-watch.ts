import { SessionTracker } from '../core/transcripts/outcome.js';

/**
 * The two timers Claude Code's hangs call for (docs/RUNTIME.md section 10): no new output line for
 * `idleMs` ends the session as `idle`; still running `graceMs` after its `result` event ends it as
 * `hung_after_result` (claude-code only: a `command` agent's output is its own). Feeds every line to the
 * tracker that gathers the outcome's facts.
 */
export class SessionWatch {
  readonly tracker = new SessionTracker();
  readonly #controller = new AbortController();
  readonly #idleMs: number;
  readonly #graceMs: number | null;
  #idle: NodeJS.Timeout | undefined;
  #grace: NodeJS.Timeout | undefined;
  stopped: 'idle' | 'hung_after_result' | null = null;

  constructor(options: { idleMs: number; graceMs: number | null }) {
    this.#idleMs = options.idleMs;
    this.#graceMs = options.graceMs;
    this.#armIdle();
  }

  /** Aborts when the loop ends the session itself. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  line(stream: 'stdout' | 'stderr', text: string): void {
    if (this.#grace !== undefined) return;
    this.#armIdle();
    const isResult = this.tracker.line(stream, text);
    if (isResult && this.#graceMs !== null) {
      // From its result on, only the grace counts: the session has nothing more to say.
      clearTimeout(this.#idle);
      this.#grace = setTimeout(() => this.#stop('hung_after_result'), this.#graceMs);
    }
  }

  close(): void {
    clearTimeout(this.#idle);
    clearTimeout(this.#grace);
  }

  #armIdle(): void {
    clearTimeout(this.#idle);
    if (this.stopped === null) this.#idle = setTimeout(() => this.#stop('idle'), this.#idleMs);
  }

  #stop(why: 'idle' | 'hung_after_result'): void {
    if (this.stopped !== null) return;
    this.stopped = why;
    this.close();
    this.#controller.abort();
  }
}
