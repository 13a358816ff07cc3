import { appendFileSync } from 'node:fs';
import type { BuildRecord } from '../core/build/records.js';
import type { LoopConfig } from '../core/config/types.js';
import { resetNoProgress } from '../core/guards/breaker.js';
import { writeHeartbeat } from '../core/runtime/heartbeat.js';
import type { RunHandle } from '../core/runtime/runs.js';
import { type JsonObject, mergeState, updateState, type Vertex } from '../core/runtime/state.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { type LoopClock, realClock } from './clock.js';
import { type ModelProbe, probeModel } from './model-probe.js';
import { pauseReason, waitWhilePaused } from './pause-gate.js';

/** What the loop reports as it goes; the `run` and `demo` commands print these as progress lines. */
export type LoopEvent =
  | { readonly kind: 'start'; readonly run: string; readonly text: string }
  | { readonly kind: 'vertex'; readonly iter: number; readonly vertex: Vertex; readonly text: string }
  | { readonly kind: 'paused'; readonly reason: string }
  /** WAITING: a usage limit or a model API error; retried by itself at `until` (ISO). */
  | { readonly kind: 'waiting'; readonly reason: string; readonly until: string }
  | { readonly kind: 'resumed' }
  | { readonly kind: 'end'; readonly status: string; readonly text: string };

/** Thrown when SIGTERM/SIGINT aborted the run; the runner reverts the iteration and exits cleanly. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

/** Heartbeat while an agent runs (docs/RUNTIME.md section 6: at least every 30 s). */
export const AGENT_HEARTBEAT_MS = 30_000;

/**
 * One live run: its workspace, config and run folder, and the chores every vertex shares: the pause gate,
 * state.json `vertex`, HEARTBEAT, loop.log and progress events.
 */
export class LoopRun {
  readonly workspace: Workspace;
  readonly config: LoopConfig;
  readonly handle: RunHandle;
  readonly signal: AbortSignal;
  readonly env: NodeJS.ProcessEnv;
  readonly epoch: number;
  /** How often HEARTBEAT is rewritten while the agent runs. */
  readonly agentHeartbeatMs: number;
  readonly #onEvent: (event: LoopEvent) => void;
  /** The time waits and backoffs use (tests bring their own). */
  readonly clock: LoopClock;
  /** Whether the model endpoint answers, before an API error's retry. */
  readonly probe: ModelProbe;
  iter = 0;
  /** Failed sessions in a row of the iteration in flight (src/loop/session-action.ts). */
  retry = { apiErrors: 0, blindLimits: 0 };
  /**
   * What the build last left in the target: built from `commit`, or from an uncommitted tree (null: the
   * agent's work, stale once reverted). Null before the first build and when no build is configured.
   */
  artefact: { commit: string | null; record: BuildRecord } | null = null;

  constructor(options: {
    workspace: Workspace;
    config: LoopConfig;
    handle: RunHandle;
    signal: AbortSignal;
    env: NodeJS.ProcessEnv;
    epoch: number;
    onEvent: (event: LoopEvent) => void;
    agentHeartbeatMs?: number | undefined;
    clock?: LoopClock | undefined;
    probe?: ModelProbe | undefined;
  }) {
    this.workspace = options.workspace;
    this.config = options.config;
    this.handle = options.handle;
    this.signal = options.signal;
    this.env = options.env;
    this.epoch = options.epoch;
    this.agentHeartbeatMs = options.agentHeartbeatMs ?? AGENT_HEARTBEAT_MS;
    this.#onEvent = options.onEvent;
    this.clock = options.clock ?? realClock;
    this.probe = options.probe ?? probeModel;
  }

  get id(): string {
    return this.handle.record.id;
  }

  /** Appends one timestamped line to runs/<id>/loop.log. */
  log(text: string): void {
    appendFileSync(this.handle.log, `${new Date().toISOString()} ${text}\n`);
  }

  emit(event: LoopEvent): void {
    this.#onEvent(event);
  }

  checkAborted(): void {
    if (this.signal.aborted) throw new Interrupted();
  }

  /**
   * Enters a vertex: holds first while paused (state PAUSED with the sentinel's reason), then records the
   * vertex in state.json and HEARTBEAT.
   */
  async enter(vertex: Vertex, module: string | null): Promise<void> {
    this.checkAborted();
    await this.gate();
    this.log(`iter ${this.iter} ${vertex}${module === null ? '' : ` (${module})`}`);
    const patch: JsonObject = {
      status: 'RUNNING',
      vertex,
      iter: this.iter,
      epoch: this.epoch,
      run: this.id,
      reason: null,
      wait_until: null,
    };
    if (module !== null) patch.module = module;
    await mergeState(this.workspace, patch);
    await this.beat(vertex);
  }

  /** Reports a vertex done, with what it found. */
  done(vertex: Vertex, text: string): void {
    this.log(`iter ${this.iter} ${vertex}: ${text}`);
    this.emit({ kind: 'vertex', iter: this.iter, vertex, text });
  }

  beat(vertex: Vertex | null): Promise<void> {
    return writeHeartbeat(this.workspace, {
      at: new Date().toISOString(),
      pid: process.pid,
      run: this.id,
      epoch: this.epoch,
      iter: this.iter,
      vertex,
    });
  }

  /** Holds while PAUSE or PAUSE_HARD exists; resume wakes it at once. */
  async gate(): Promise<void> {
    const outcome = await waitWhilePaused(this.workspace, {
      signal: this.signal,
      onHold: async (sentinels) => {
        const reason = pauseReason(sentinels) ?? 'paused';
        this.log(`held: ${reason}`);
        // A watchdog's WEDGE_PAUSED (with its own reason) says more than PAUSED: keep it.
        await updateState(this.workspace, (current) =>
          current.status === 'WEDGE_PAUSED' ? {} : { status: 'PAUSED', reason, wait_until: null },
        );
        this.emit({ kind: 'paused', reason });
      },
    });
    if (outcome === 'aborted') throw new Interrupted();
    if (outcome === 'resumed') {
      this.log('resumed');
      await mergeState(this.workspace, { status: 'RUNNING', reason: null, wait_until: null });
      // docs/LOOP.md "Breaker": a resume starts the no-progress count again.
      await resetNoProgress(this.workspace, this.epoch);
      this.emit({ kind: 'resumed' });
    }
  }
}
