// Long because it is the run as a whole: the start checks, the loop over iterations (with its waits for
// failures outside the code), the start build, and every way a run ends.
import { isAbsolute, join, relative, sep } from 'node:path';
import { gitHead, gitIsClean, gitIsIgnored, gitIsRepo } from '../adapters/git.js';
import { AutosweError, EXIT_USAGE, errorMessage } from '../base/errors.js';
import { buildReason } from '../core/build/records.js';
import { describeMissingTool, lookUpTools } from '../core/build/tools.js';
import type { LoopConfig } from '../core/config/types.js';
import { synthesizeJourney } from '../core/journey/synth.js';
import { describeLockCheck, lockCheck, protectedFiles } from '../core/parity/lock-check.js';
import { verifyCells } from '../core/parity/verify.js';
import { configStamp, readConfigVersion, writeHookPolicy } from '../core/runtime/hook-policy.js';
import { readParity, summarizeParity } from '../core/runtime/parity.js';
import { acquireRunLock, type RunLockInfo, releaseRunLock, writeRunLock } from '../core/runtime/run-lock.js';
import { createRun, finishRun, type RunOutcome, updateRun } from '../core/runtime/runs.js';
import { signingKey } from '../core/runtime/signing.js';
import { corruptStateError, mergeState, readState } from '../core/runtime/state.js';
import { appendVerdict } from '../core/runtime/verdicts.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { targetRepoProblem } from '../core/setup/target-repo.js';
import { buildHead } from './build.js';
import type { LoopClock } from './clock.js';
import { type IterationProgress, revertIteration, runIteration } from './iteration.js';
import { Interrupted, type LoopEvent, LoopRun } from './loop-run.js';
import type { ModelProbe } from './model-probe.js';
import { actOnOutsideFailure } from './outside-wait.js';
import { recordRunEnded, recordRunStarted } from './run-events.js';

export interface LoopOptions {
  readonly signal: AbortSignal;
  readonly env: NodeJS.ProcessEnv;
  readonly onEvent: (event: LoopEvent) => void;
  /** HEARTBEAT period while the agent runs; default 30 s (docs/RUNTIME.md section 6). */
  readonly agentHeartbeatMs?: number;
  /** The time of waits and backoffs; default the real one (tests control it). */
  readonly clock?: LoopClock;
  /** Whether the model endpoint answers; default `GET <base>/health`. */
  readonly probe?: ModelProbe;
}

export interface LoopResult {
  readonly run: string;
  readonly status: 'DONE' | 'MAX_ITERS' | 'FAILED' | 'IDLE';
  readonly outcome: Exclude<RunOutcome, 'running'>;
  readonly reason: string;
  readonly iterations: number;
}

/**
 * The supervised loop: takes the run lock, checks the workspace can run, then walks iterations until every
 * cell is GREEN, `max_iters` is reached, a vertex fails, or the signal aborts (the iteration in flight is
 * reverted). state.json, run.json and loop.log say how it ended; only a start that is refused throws.
 */
export async function runLoop(
  workspace: Workspace,
  config: LoopConfig,
  options: LoopOptions,
): Promise<LoopResult> {
  const state = readState(workspace);
  if (state.kind === 'corrupt') throw corruptStateError(workspace, state.message);
  const epoch = state.kind === 'ok' ? (state.value.epoch ?? 0) : 0;
  const starting: RunLockInfo = {
    pid: process.pid,
    run: '(starting)',
    started_at: new Date().toISOString(),
    config: config.file,
  };
  // The lock first: while another run is live its agent's edits make the target dirty, and the operator
  // must hear "a run is live", not advice to clean the checkout under a working agent.
  await acquireRunLock(workspace, starting);
  let lock = starting;
  try {
    await checkStartable(workspace, config, options.env);
    const handle = await createRun(workspace, config, { epoch });
    lock = { ...starting, run: handle.record.id };
    writeRunLock(workspace, lock);
    const run = new LoopRun({ workspace, config, handle, epoch, ...options });
    return await loop(run, state.kind === 'ok' ? (state.value.iter ?? 0) : 0);
  } finally {
    releaseRunLock(workspace, lock);
  }
}

/** Refuses (exit 2 for the config, 1 otherwise) a workspace the loop cannot run on. */
async function checkStartable(
  workspace: Workspace,
  config: LoopConfig,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (!(await gitIsRepo(config.target, env))) {
    throw new AutosweError(`${config.file}: target: ${config.target} is not a git checkout`, EXIT_USAGE);
  }
  const subfolder = await targetRepoProblem(config.target, env);
  if (subfolder !== null) throw new AutosweError(`${config.file}: target: ${subfolder}`, EXIT_USAGE);
  await checkOwnFilesIgnored(workspace, config, env);
  const missing = lookUpTools(config, env).find((tool) => tool.found === null);
  if (missing !== undefined) throw new AutosweError(`${describeMissingTool(missing)}; no run was started`);
  const clean = await gitIsClean(config.target, env);
  if (!clean.clean) {
    const shown = clean.dirty.slice(0, 5).join(', ');
    throw new AutosweError(
      `the target ${config.target} has uncommitted changes (${shown}${clean.dirty.length > 5 ? ', …' : ''}); commit or clean them first`,
    );
  }
  const parity = readParity(workspace);
  if (parity.kind === 'missing') {
    throw new AutosweError(`no ${workspace.paths.parity} yet; run 'autoswe baseline-capture' first`);
  }
  if (parity.kind === 'corrupt')
    throw new AutosweError(`${workspace.paths.parity} is corrupt: ${parity.message}`);
  const lock = await lockCheck(workspace, config);
  if (!lock.ok) {
    throw new AutosweError(
      `lock-check fails before the run (${describeLockCheck(lock)}); restore the files, or 'autoswe lock-check --update' if the change is intended`,
    );
  }
}

/**
 * The loop's own files must not be part of the target's history: a REVERT moves untracked files aside, which
 * would move the runtime dir and journey entries if they lived, unignored, inside the target.
 */
async function checkOwnFilesIgnored(
  workspace: Workspace,
  config: LoopConfig,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  for (const dir of [workspace.runtimeDir, workspace.paths.journeyDir]) {
    const inside = relative(config.target, dir);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) continue;
    if (!(await gitIsIgnored(config.target, `${dir}/`, env))) {
      throw new AutosweError(
        `${dir} is inside the target ${config.target} but not ignored by git; add '${inside}/' to its .gitignore (a REVERT moves untracked files aside)`,
      );
    }
  }
}

async function loop(run: LoopRun, lastIter: number): Promise<LoopResult> {
  const { workspace, config } = run;
  run.log(`run ${run.id} started (pid ${process.pid}, config ${config.file})`);
  // The key exists before any agent session, so the sandbox masks it: one made mid-session (an operator's
  // decision, a meta-judge proposal signed while the agent works) would be in the agent's view.
  signingKey(workspace);
  const stamp = configStamp(config.file);
  await writeHookPolicy(workspace, {
    root: workspace.root,
    runtime_dir: workspace.runtimeDir,
    target: config.target,
    protected_globs: ['autoswe.yaml', 'rules.yaml', ...config.protected],
    // The runtime dir (baseline included) is protected as a whole; listing its files would only slow the hook.
    protected_files: (await protectedFiles(workspace, config))
      .map((file) => join(workspace.root, file))
      .filter((file) => !file.startsWith(`${workspace.runtimeDir}${sep}`)),
    // The version the policy is cached for: the hook rebuilds it from the config when these bytes change.
    config: config.file,
    config_sha256: readConfigVersion(config.file).sha256,
    config_stat: stamp,
    run: run.id,
    written_at: new Date().toISOString(),
  });
  await mergeState(workspace, {
    status: 'RUNNING',
    run: run.id,
    epoch: run.epoch,
    reason: null,
    vertex: null,
  });
  recordRunStarted(run);
  let iterations = 0;
  let progress: IterationProgress | null = null;
  // Until the first iteration starts, state and HEARTBEAT keep the last iteration's number.
  run.iter = lastIter;
  try {
    await startBuild(run);
    const start = await verifyCells(workspace, config, { env: run.env, signal: run.signal });
    run.emit({
      kind: 'start',
      run: run.id,
      text: `run ${run.id}: ${start.after.green}/${start.after.total} cells GREEN at start`,
    });
    while (iterations < config.limits.max_iters) {
      run.checkAborted();
      run.iter = lastIter + iterations + 1;
      progress = newProgress(run.iter);
      const end = await runIteration(run, progress);
      if (end.kind === 'all-green')
        return await finish(run, 'DONE', 'done', 'every cell is GREEN', iterations);
      if (end.kind === 'outside') {
        // Not an iteration: no verdict, the target is back at its start, and the same number runs again.
        progress = null;
        run.iter -= 1;
        await mergeState(workspace, { iter: run.iter });
        await actOnOutsideFailure(run, end.action, run.clock, run.probe);
        continue;
      }
      iterations++;
      progress = null;
      await updateRun(workspace, run.id, { iterations });
    }
    const red = redLeft(run);
    if (red === 0) return await finish(run, 'DONE', 'done', 'every cell is GREEN', iterations);
    return await finish(
      run,
      'MAX_ITERS',
      'max_iters',
      `max_iters (${config.limits.max_iters}) reached; ${red} RED left`,
      iterations,
    );
  } catch (error) {
    if (error instanceof Interrupted || run.signal.aborted) {
      return await interrupted(run, progress, iterations, lastIter);
    }
    const reason = errorMessage(error);
    run.log(`failed: ${reason}`);
    if (progress !== null && !progress.judged) await revertIteration(run, progress).catch(() => undefined);
    return await finish(run, 'FAILED', 'failed', reason, iterations);
  }
}

/**
 * Builds the target as it stands before the cases first run, so parity describes this commit's program
 * (not a stale or missing one, whose RED cells the first iteration would then be credited with turning
 * GREEN). A build that fails is not fatal: the first prompt shows the agent its errors. A build that
 * leaves files git does not ignore is: every ACCEPT would commit them.
 */
async function startBuild(run: LoopRun): Promise<void> {
  const { config } = run;
  if (config.build === null) return;
  await run.enter('build', null);
  const head = await gitHead(config.target, run.env);
  const record = await buildHead(run, 'build', head, join(run.handle.dir, 'start.build.log'));
  if (record === null) return;
  const why = buildReason(record);
  run.emit({
    kind: 'start',
    run: run.id,
    text: `run ${run.id}: ${why === null ? `the target builds (${(record.duration_ms / 1000).toFixed(1)} s)` : `the target does not build as it stands: ${why}`}`,
  });
  run.log(`start build: ${why ?? 'ok'}`);
  const clean = await gitIsClean(config.target, run.env);
  if (!clean.clean) {
    throw new AutosweError(
      `the build leaves files in the target that git does not ignore (${clean.dirty.slice(0, 5).join(', ')}); add them to ${config.target}/.gitignore, or an ACCEPT would commit them`,
    );
  }
}

function newProgress(iter: number): IterationProgress {
  return {
    iter,
    module: null,
    startedAt: Date.now(),
    startCommit: null,
    parityBefore: null,
    transcript: null,
    agent: null,
    session: null,
    build: null,
    verify: null,
    judged: false,
  };
}

/** SIGTERM/SIGINT: revert the iteration in flight (unless already judged), record it, stop cleanly. */
async function interrupted(
  run: LoopRun,
  progress: IterationProgress | null,
  iterations: number,
  lastIter: number,
): Promise<LoopResult> {
  let reason = 'stopped by a signal between iterations';
  if (progress?.judged === true) {
    // Its verdict is recorded and applied: the iteration is complete; its journey entry is quick to write.
    reason = `stopped by a signal after iteration ${progress.iter} was judged`;
    await synthesizeJourney(run.workspace, progress.iter).catch(() => undefined);
    iterations++;
  } else if (progress !== null) {
    await revertIteration(run, progress);
    if (progress.transcript !== null && progress.module !== null) {
      reason = `stopped by a signal during iteration ${progress.iter}; its changes were reverted`;
      appendVerdict(run.workspace, {
        at: new Date().toISOString(),
        epoch: run.epoch,
        iter: progress.iter,
        module: progress.module,
        verdict: 'REVERT',
        reason: 'interrupted (SIGTERM/SIGINT); the target was reset to the iteration start',
        run: run.id,
        interrupted: true,
        transcript: progress.transcript,
        duration_ms: Date.now() - progress.startedAt,
      });
      iterations++;
    } else {
      // Nothing ran yet: the iteration did not happen.
      reason = `stopped by a signal before iteration ${progress.iter} started work`;
      await mergeState(run.workspace, { iter: lastIter + iterations });
    }
  }
  return finish(run, 'IDLE', 'interrupted', reason, iterations);
}

function redLeft(run: LoopRun): number {
  const read = readParity(run.workspace);
  return read.kind === 'ok' ? summarizeParity(read.value).red : -1;
}

async function finish(
  run: LoopRun,
  status: LoopResult['status'],
  outcome: LoopResult['outcome'],
  reason: string,
  iterations: number,
): Promise<LoopResult> {
  run.log(`end: ${status} (${outcome}): ${reason}`);
  await mergeState(run.workspace, { status, reason, vertex: null, wait_until: null });
  await run.beat(null);
  await finishRun(run.workspace, run.id, { outcome, reason, iterations });
  recordRunEnded(run, { status, outcome, reason, iterations });
  run.emit({ kind: 'end', status, text: `${status}: ${reason}` });
  return { run: run.id, status, outcome, reason, iterations };
}
