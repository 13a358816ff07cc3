import { join } from 'node:path';
import { runBuild, runChecks } from '../core/build/build.js';
import { formatSeconds } from '../core/build/output.js';
import { type BuildRecord, buildReason, type CheckRecords, stepRecord } from '../core/build/records.js';
import { type JsonObject, updateState, type Vertex } from '../core/runtime/state.js';
import { Interrupted, type LoopRun } from './loop-run.js';

/** What the build vertex found: the build (null when none is configured), then the checks that ran. */
export interface IterationBuild {
  readonly build: BuildRecord | null;
  /** Empty when no checks are configured, or the build failed (they did not run). */
  readonly checks: CheckRecords;
}

/** `runs/<id>/iter-<N>.build.log`, `runs/<id>/iter-<N>.check-<name>.log`. */
export function iterationLog(run: LoopRun, iter: number, name: string): string {
  return join(run.handle.dir, `iter-${iter}.${name}.log`);
}

/**
 * The build vertex: the build, then, when it built, every check; each output in its log, the results in
 * state.json (`build`, `checks`) for status. Aborting stops the command running and throws Interrupted.
 */
export async function buildIteration(run: LoopRun): Promise<IterationBuild> {
  return withHeartbeat(run, 'build', async () => {
    const { workspace, config, signal, iter } = run;
    const outcome = await runBuild(workspace, config, {
      env: run.env,
      signal,
      log: iterationLog(run, iter, 'build'),
    });
    if (outcome?.aborted) throw new Interrupted();
    const build = outcome === null ? null : stepRecord(outcome);
    // Built from the agent's uncommitted work: stale once it is reverted.
    if (build !== null) run.artefact = { commit: null, record: build };
    const checks: CheckRecords = {};
    if (build === null || build.status === 'ok') {
      const outcomes = await runChecks(workspace, config, {
        env: run.env,
        signal,
        logFor: (name) => iterationLog(run, iter, `check-${name}`),
      });
      run.checkAborted();
      for (const { check, outcome: ran } of outcomes) {
        checks[check.name] = { ...stepRecord(ran), on_fail: check.on_fail };
      }
    }
    await recordInState(run, build, Object.keys(checks).length > 0 ? checks : null);
    return { build, checks };
  });
}

/**
 * Makes the built program match `head` (the target's commit) before cases run on it: at the run's start,
 * and at an iteration's plan after a REVERT threw away the work the last build was made from. Builds only
 * when the artefact is not already from `head`; returns that build's record (null: no build configured).
 */
export async function buildHead(
  run: LoopRun,
  vertex: Vertex,
  head: string,
  log: string,
): Promise<BuildRecord | null> {
  if (run.config.build === null) return null;
  if (run.artefact !== null && run.artefact.commit === head) return run.artefact.record;
  return withHeartbeat(run, vertex, async () => {
    const outcome = await runBuild(run.workspace, run.config, { env: run.env, signal: run.signal, log });
    if (outcome === null) return null;
    if (outcome.aborted) throw new Interrupted();
    const record = stepRecord(outcome);
    run.artefact = { commit: head, record };
    await recordInState(run, record, null);
    return record;
  });
}

/** Once the iteration's work is committed, the program built from it is the commit's. */
export function artefactCommitted(run: LoopRun, commit: string | null): void {
  if (run.artefact !== null && run.artefact.commit === null && run.artefact.record.status === 'ok') {
    run.artefact = { commit, record: run.artefact.record };
  }
}

/** The build vertex's progress line: `built in 0.4 s; checks: vet ok, test failed (note)` (the judge says why). */
export function describeIterationBuild(result: IterationBuild): string {
  const parts: string[] = [];
  if (result.build !== null) {
    parts.push(buildReason(result.build) ?? `built in ${formatSeconds(result.build.duration_ms)}`);
  }
  const checks = Object.entries(result.checks).map(([name, check]) => {
    const how = check.status === 'ok' ? 'ok' : check.status;
    return `${name} ${how}${check.status !== 'ok' && check.on_fail === 'note' ? ' (note)' : ''}`;
  });
  if (checks.length > 0) parts.push(`checks: ${checks.join(', ')}`);
  return parts.join('; ');
}

async function recordInState(
  run: LoopRun,
  build: BuildRecord | null,
  checks: CheckRecords | null,
): Promise<void> {
  const at = new Date().toISOString();
  await updateState(run.workspace, (current) => {
    const patch: JsonObject = {};
    if (build !== null) patch.build = { ...build, at, iter: run.iter };
    if (checks !== null) {
      // The checks of this config only: one removed from autoswe.yaml drops out of status.
      const stale = Object.keys(isObject(current.checks) ? current.checks : {}).filter(
        (name) => !(name in checks),
      );
      patch.checks = {
        ...Object.fromEntries(stale.map((name) => [name, null])),
        ...Object.fromEntries(
          Object.entries(checks).map(([name, check]) => [name, { ...check, at, iter: run.iter }]),
        ),
      };
    }
    return patch;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** HEARTBEAT while a build or check runs: `go test ./...` may take longer than the watchdog waits. */
async function withHeartbeat<T>(run: LoopRun, vertex: Vertex, work: () => Promise<T>): Promise<T> {
  const beat = setInterval(() => void run.beat(vertex).catch(() => undefined), run.agentHeartbeatMs);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
