// Long because it is the iteration as a whole: the vertices in order, the agent session and its outcome,
// applying the verdict, and the revert every unjudged end shares.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type AgentOutcome, runAgent } from '../adapters/agents/index.js';
import { gitCommitAll, gitHead } from '../adapters/git.js';
import { agentSandbox } from '../core/guard/agent-view.js';
import { takeSnapshot } from '../core/guard/integrity.js';
import { synthesizeJourney } from '../core/journey/synth.js';
import { describeLockCheck, lockCheck } from '../core/parity/lock-check.js';
import { type VerifyOutcome, verifyCells } from '../core/parity/verify.js';
import { type ParityMatrix, readParity, summarizeParity, updateParity } from '../core/runtime/parity.js';
import type { SessionRecord } from '../core/runtime/session-record.js';
import { mergeState } from '../core/runtime/state.js';
import { appendVerdict, type Verdict } from '../core/runtime/verdicts.js';
import type { SessionAction } from '../core/session/policy.js';
import { pauseLoop } from '../core/state/pause.js';
import { setStep } from '../core/state/steps.js';
import { archiveAttempt, startTranscript, TranscriptWriter } from '../core/transcripts/writer.js';
import {
  artefactCommitted,
  buildHead,
  buildIteration,
  describeIterationBuild,
  type IterationBuild,
  iterationLog,
} from './build.js';
import { afterJudge, chooseModuleOrHold, guardBudget, recordSessionSpend } from './guards.js';
import { hookCommandLine } from './hook-command.js';
import { holdTampered, overfittingField, runtimeFileTampering, stateTampering } from './integrity.js';
import { type Judgement, judge } from './judge.js';
import { Interrupted, type LoopRun } from './loop-run.js';
import { planIteration } from './plan.js';
import { describeRevert, type RevertRecord, revertedDir, revertTarget } from './revert.js';
import { decideAfterSession, recordSession } from './session-action.js';
import { sessionEnd } from './session-end.js';
import { SessionWatch } from './session-watch.js';

/** What an iteration has done so far; the runner reads it to revert an interrupted one. */
export interface IterationProgress {
  iter: number;
  module: string | null;
  startedAt: number;
  startCommit: string | null;
  /** parity.json as it was when the iteration started, restored when its changes are thrown away. */
  parityBefore: ParityMatrix | null;
  transcript: string | null;
  agent: AgentOutcome | null;
  /** How the agent session ended (docs/LOOP.md, "How an agent session ends"); null until it ended. */
  session: SessionRecord | null;
  /** The build vertex's result; null until it ran (or when neither build nor checks are configured). */
  build: IterationBuild | null;
  /** Null until verify ran; it does not run when the build failed. */
  verify: VerifyOutcome | null;
  /** True once the verdict is recorded: from then on the iteration is complete and never reverted. */
  judged: boolean;
}

export type IterationEnd =
  | { readonly kind: 'all-green' }
  | { readonly kind: 'judged'; readonly verdict: Verdict }
  /** The session failed for a reason outside the code: not judged, the target reset, the loop waits or pauses. */
  | {
      readonly kind: 'outside';
      readonly session: SessionRecord;
      readonly action: Exclude<SessionAction, { kind: 'judge' }>;
    };

/** Walks select → plan → implement → build → verify → judge → journey once (build only when configured). */
export async function runIteration(run: LoopRun, progress: IterationProgress): Promise<IterationEnd> {
  const { workspace, config } = run;
  await run.enter('select', null);
  const choice = await chooseModuleOrHold(run);
  if (choice.module === null) {
    // Not an iteration after all: state's iter (and the progress line) stay at the last one that ran.
    run.iter -= 1;
    await mergeState(workspace, { iter: run.iter });
    run.done('select', 'no module has RED cells: every cell is GREEN');
    return { kind: 'all-green' };
  }
  const module = choice.module;
  progress.module = module;
  run.done('select', `${module} (${choice.red} RED)`);

  await run.enter('plan', module);
  progress.startCommit = await gitHead(config.target, run.env);
  progress.parityBefore = parityNow(run);
  // The cases the plan runs need a program built from this commit (the last build may be of reverted work).
  const head = await buildHead(run, 'plan', progress.startCommit, iterationLog(run, run.iter, 'head.build'));
  const plan = await planIteration(
    workspace,
    config,
    module,
    run.iter,
    { env: run.env, signal: run.signal },
    head,
  );
  const promptFile = join(run.handle.dir, `iter-${run.iter}.prompt.md`);
  writeFileSync(promptFile, plan.prompt);
  await setStep(workspace, 'plan', {
    status: 'done',
    note: `${plan.red} RED cell(s), ${plan.rules} rule(s)`,
  });
  const unbuilt = head !== null && head.status !== 'ok' ? '; the target does not build as it stands' : '';
  run.done('plan', `prompt for ${plan.red} RED cell(s), ${plan.rules} rule(s)${unbuilt}`);

  await guardBudget(run);
  await run.enter('implement', module);
  const archived = archiveAttempt(workspace, run.id, run.iter);
  if (archived !== null) run.log(`iter ${run.iter}: the failed attempt's transcript is now ${archived}`);
  progress.transcript = await startTranscript(workspace, run.id, run.iter);
  const snapshot = takeSnapshot(workspace);
  const ended = await implement(run, module, plan.prompt, promptFile, progress.transcript);
  progress.agent = ended.agent;
  progress.session = ended.session;
  // Before the loop writes state.json again: afterwards its own writes would cover a forged key.
  const tampered = await stateTampering(run, snapshot);
  recordSessionSpend(run, module, progress.transcript);
  await recordSession(run, ended.session);
  const action = decideAfterSession(run, ended.session, ended.setupError);
  if (action.kind !== 'judge') {
    run.done('implement', `not judged: ${ended.session.outcome} - ${action.reason}`);
    await revertIteration(run, progress);
    // Not judged, but checked all the same: the next session's record would start after a forgery.
    tampered.push(...(await runtimeFileTampering(run, snapshot)));
    if (tampered.length > 0) await holdTampered(run, snapshot, tampered);
    return { kind: 'outside', session: ended.session, action };
  }
  run.done(
    'implement',
    agentNote(ended.session, progress.agent) ?? `agent finished in ${seconds(progress.agent.durationMs)}`,
  );

  const built = await buildVertex(run, module, progress);
  if (built.build === null || built.build.status === 'ok') {
    await run.enter('verify', module);
    progress.verify = await verifyCells(workspace, config, { env: run.env, signal: run.signal });
    const { flips, regressions, after } = progress.verify;
    run.done(
      'verify',
      `${flips.length} RED→GREEN, ${regressions.length} regression(s); ${after.green}/${after.total} GREEN`,
    );
  } else {
    run.done('verify', 'skipped: the build failed, so the cases were not run');
  }

  await run.enter('judge', module);
  tampered.push(...(await runtimeFileTampering(run, snapshot)));
  const lock = await lockCheck(workspace, config);
  const judgement = await judge(
    config,
    {
      iter: run.iter,
      module,
      verify: progress.verify,
      build: built.build,
      checks: built.checks,
      lock,
      tampered,
      agentNote: agentNote(progress.session, progress.agent),
    },
    { env: run.env, signal: run.signal },
  );
  run.checkAborted();
  const verdict = await applyVerdict(run, progress, judgement, tampered);
  run.done('judge', `${verdict.verdict} - ${verdict.reason}`);

  await run.enter('journey', module);
  const entry = await synthesizeJourney(workspace, run.iter);
  await setStep(workspace, 'write', { status: 'done', note: relative(workspace.root, entry) });
  run.done('journey', relative(workspace.root, entry));
  if (tampered.length > 0) await holdTampered(run, snapshot, tampered);
  else if (verdict.verdict === 'REVERT' && !lock.ok) await holdIfStillTampered(run);
  await afterJudge(run, verdict);
  return { kind: 'judged', verdict };
}

/** The build vertex, when the config has a build or checks. */
async function buildVertex(
  run: LoopRun,
  module: string,
  progress: IterationProgress,
): Promise<IterationBuild> {
  if (run.config.build === null && run.config.checks.length === 0) return { build: null, checks: {} };
  await run.enter('build', module);
  progress.build = await buildIteration(run);
  run.done('build', describeIterationBuild(progress.build));
  return progress.build;
}

/**
 * A REVERT resets the target only: a protected file outside it (rules.yaml, the cases, the baseline) that
 * the agent changed stays changed, and every later iteration would be reverted for it. So the loop pauses
 * (PAUSE, with the files named) for the operator to restore them, or accept them with
 * `lock-check --update`, and resume.
 */
async function holdIfStillTampered(run: LoopRun): Promise<void> {
  const again = await lockCheck(run.workspace, run.config);
  if (again.ok) return;
  const reason =
    `lock-check still fails after the REVERT (${describeLockCheck(again)}): the reset cannot restore files ` +
    `outside the target; restore them (or 'autoswe lock-check --update' if intended), then 'autoswe resume'`;
  run.log(`pausing: ${reason}`);
  await pauseLoop(run.workspace, { hard: false, reason, user: 'autoswe', by: 'loop' }, run.env);
}

async function implement(
  run: LoopRun,
  module: string,
  prompt: string,
  promptFile: string,
  transcript: string,
): Promise<{ agent: AgentOutcome; session: SessionRecord; setupError: string | null }> {
  const beat = setInterval(() => void run.beat('implement').catch(() => undefined), run.agentHeartbeatMs);
  const writer = new TranscriptWriter(transcript);
  const { limits } = run.config;
  const watch = new SessionWatch({
    idleMs: limits.agent_idle_timeout_ms,
    graceMs: run.config.agent.adapter === 'claude-code' ? limits.agent_result_grace_ms : null,
  });
  try {
    const outcome = await runAgent(run.config, {
      prompt,
      promptFile,
      module,
      workdir: run.config.target,
      onLine: (stream, line) => {
        writer.agentLine(stream, line);
        watch.line(stream, line);
      },
      hookCommand: hookCommandLine(run.workspace),
      sessionDir: run.handle.dir,
      env: run.env,
      timeoutMs: run.config.limits.agent_timeout_ms,
      signal: run.signal,
      sandbox: await agentSandbox(run.workspace, run.config, run.env),
      stop: watch.signal,
    });
    if (outcome.spawnError !== null) writer.line(`[autoswe] ${outcome.spawnError}`);
    if (outcome.aborted) throw new Interrupted();
    if (outcome.stopped)
      writer.line(`[autoswe] ${watch.stopped === 'idle' ? 'no output' : 'alive after its result'}: stopped`);
    const ended = await sessionEnd(run.config, outcome, watch, transcript, run.env);
    return { agent: outcome, ...ended };
  } finally {
    watch.close();
    writer.close();
    clearInterval(beat);
  }
}

/** ACCEPT and REVISE keep the work (committed, so the next iteration can revert to it); REVERT throws it away. */
async function applyVerdict(
  run: LoopRun,
  progress: IterationProgress,
  judgement: Judgement,
  tampered: readonly string[],
): Promise<Verdict> {
  const { config } = run;
  const verify = progress.verify;
  const module = progress.module as string;
  // Without a verify (the build failed) parity is as the iteration found it.
  const before = verify?.before ?? summarizeParity(progress.parityBefore ?? { modules: {} });
  const after = verify?.after ?? before;
  let commit: string | null = null;
  let reverted: RevertRecord | null = null;
  if (judgement.verdict === 'REVERT') {
    reverted = await revertIteration(run, progress);
  } else {
    const delta = `${before.green}→${after.green} GREEN`;
    commit = await gitCommitAll(
      config.target,
      `autoswe: iter ${run.iter} ${module} ${judgement.verdict} (${delta})\n\n${judgement.reason}\n`,
      run.env,
    );
    artefactCommitted(run, commit);
  }
  const cellId = (cell: { module: string; cell: string }) => `${cell.module}/${cell.cell}`;
  const verdict: Verdict = {
    at: new Date().toISOString(),
    epoch: run.epoch,
    iter: run.iter,
    module,
    verdict: judgement.verdict,
    reason: judgement.reason,
    green_before: before.green,
    green_after: judgement.verdict === 'REVERT' ? before.green : after.green,
    total: after.total,
    run: run.id,
    by: judgement.by,
    flips: (verify?.flips ?? []).map(cellId),
    regressions: (verify?.regressions ?? []).map(cellId),
    ...buildFields(progress.build),
    commit: commit ?? progress.startCommit,
    transcript: progress.transcript,
    duration_ms: Date.now() - progress.startedAt,
    ...(tampered.length > 0 ? { tampered: [...tampered] } : {}),
    ...overfittingField(run),
    ...(reverted === null ? {} : { reverted: { ...reverted, untracked: [...reverted.untracked] } }),
  };
  if (progress.session !== null) verdict.session = progress.session;
  appendVerdict(run.workspace, verdict);
  progress.judged = true;
  await setStep(run.workspace, 'judge', { status: judgement.verdict, note: judgement.reason });
  return verdict;
}

/** The verdict's `build` and `checks` (docs/LOOP.md, "Build and checks"), when they ran. */
function buildFields(built: IterationBuild | null): Partial<Verdict> {
  const fields: Partial<Verdict> = {};
  if (built?.build) fields.build = built.build;
  if (built !== null && Object.keys(built.checks).length > 0) fields.checks = built.checks;
  return fields;
}

/**
 * Puts the target back to the iteration's start commit and restores parity.json. Nothing is deleted: the
 * diff is saved and the untracked files moved to runs/<id>/reverted/iter-<N>/ (revert.ts), named in loop.log.
 */
export async function revertIteration(
  run: LoopRun,
  progress: IterationProgress,
): Promise<RevertRecord | null> {
  if (progress.startCommit === null) return null;
  const record = await revertTarget(
    run.config.target,
    progress.startCommit,
    revertedDir(run.handle.dir, progress.iter),
    run.env,
  );
  run.log(`iter ${progress.iter} revert: ${describeRevert(record)}`);
  const before = progress.parityBefore;
  if (before !== null && progress.verify !== null) {
    await updateParity(run.workspace, (matrix) => {
      matrix.modules = before.modules;
    });
  }
  return record;
}

function parityNow(run: LoopRun): ParityMatrix {
  const read = readParity(run.workspace);
  return read.kind === 'ok' ? structuredClone(read.value) : { modules: {} };
}

/** The agent's end in words when it was not a plain success, else null (the verdict's `(agent …)`). */
export function agentNote(session: SessionRecord | null, outcome: AgentOutcome | null): string | null {
  if (outcome === null) return null;
  if (session !== null && session.outcome !== 'ok' && session.outcome !== 'error' && session.reason) {
    return session.reason;
  }
  if (outcome.timedOut) return `timed out after ${seconds(outcome.durationMs)}`;
  if (outcome.exitSignal !== null) return `killed by ${outcome.exitSignal}`;
  if (outcome.exitCode !== 0) return `exited ${outcome.exitCode}`;
  return session?.outcome === 'error' ? (session.reason ?? null) : null;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
