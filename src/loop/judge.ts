import { runProgram } from '../adapters/spawn.js';
import { type BuildRecord, buildReason, type CheckRecords, checkReason } from '../core/build/records.js';
import type { LoopConfig } from '../core/config/types.js';
import { describeLockCheck, type LockCheck } from '../core/parity/lock-check.js';
import type { CellOutcome, VerifyOutcome } from '../core/parity/verify.js';
import { VERDICT_KINDS, type VerdictKind } from '../core/runtime/verdicts.js';

export interface Judgement {
  readonly verdict: VerdictKind;
  readonly reason: string;
  /** Who decided: the built-in rules, or the configured judge command. */
  readonly by: 'built-in' | 'judge-command';
}

/** What the judge weighs; also what a judge command gets as JSON on stdin. */
export interface JudgeInput {
  readonly iter: number;
  readonly module: string;
  /** Null when the build failed: the cases were not run on a program that does not build. */
  readonly verify: VerifyOutcome | null;
  /** The iteration's build (null when none is configured) and its checks (empty when none ran). */
  readonly build: BuildRecord | null;
  readonly checks: CheckRecords;
  readonly lock: LockCheck;
  /**
   * What the loop found in its own files that it did not write (core/guard/integrity.ts): a forged line,
   * a changed hook policy or state. Any finding is a REVERT, never overridden. Absent: none.
   */
  readonly tampered?: readonly string[];
  /** The agent session's end, in words (exit code, timeout), for the reason. */
  readonly agentNote: string | null;
}

/**
 * The cells of a reason: the first five by name, hold-out cells only counted (the reason reaches the next
 * prompt through the last attempt, and a hold-out cell is never named where the agent may read it).
 */
const cellNames = (cells: readonly CellOutcome[]) => {
  const shown = cells.filter((cell) => !cell.holdout);
  const hidden = cells.length - shown.length;
  const names = shown.slice(0, 5).map((cell) => `${cell.module}/${cell.cell}`);
  if (shown.length > 5) names.push(`+${shown.length - 5} more`);
  if (hidden > 0) names.push(`${hidden} hold-out`);
  return names.join(', ');
};

/**
 * In order: a failing lock-check, a failing build, a failing `revert` check or regressions → REVERT;
 * progress → ACCEPT; neither → REVISE. Failing `note` checks are added to the reason, never change it.
 */
export function builtInVerdict(input: JudgeInput): Judgement {
  const { verify, lock } = input;
  const note = (input.agentNote === null ? '' : ` (agent ${input.agentNote})`) + checkNotes(input.checks);
  const revert = (reason: string): Judgement => ({ verdict: 'REVERT', reason, by: 'built-in' });
  const tampered = input.tampered ?? [];
  if (tampered.length > 0) {
    return revert(`runtime dir tampered with: ${tampered.join('; ')}`);
  }
  if (!lock.ok) return revert(`lock-check failed: ${describeLockCheck(lock)}`);
  const build = input.build === null ? null : buildReason(input.build);
  if (build !== null) return revert(`${build}${note}`);
  const [first, ...others] = failedChecks(input.checks, 'revert');
  if (first !== undefined) {
    const more =
      others.length > 0 ? ` (+${others.length} more failed: ${others.map(([name]) => name).join(', ')})` : '';
    return revert(`${checkReason(...first)}${more}${note}`);
  }
  if (verify === null) return { verdict: 'REVISE', reason: `the cases were not run${note}`, by: 'built-in' };
  if (verify.regressions.length > 0) {
    const flips = verify.flips.length > 0 ? ` despite ${verify.flips.length} RED→GREEN` : '';
    return revert(
      `${verify.regressions.length} regression(s) GREEN→RED: ${cellNames(verify.regressions)}${flips}${note}`,
    );
  }
  if (verify.flips.length > 0) {
    return {
      verdict: 'ACCEPT',
      reason: `${verify.flips.length} cell(s) RED→GREEN (${cellNames(verify.flips)}), no regressions${note}`,
      by: 'built-in',
    };
  }
  return {
    verdict: 'REVISE',
    reason: `no parity change (${verify.after.red} RED left)${note}`,
    by: 'built-in',
  };
}

function failedChecks(checks: CheckRecords, onFail: 'revert' | 'note'): [string, BuildRecord][] {
  return Object.entries(checks).filter(([, check]) => check.on_fail === onFail && check.status !== 'ok');
}

/** `; note: check test failed: …` for each failing `note` check. */
function checkNotes(checks: CheckRecords): string {
  return failedChecks(checks, 'note')
    .map((failed) => `; note: ${checkReason(...failed)}`)
    .join('');
}

/** A failing build or `revert` check, like tampering, is never overridden by a judge command. */
function overridable(input: JudgeInput): boolean {
  if (!input.lock.ok || (input.tampered ?? []).length > 0) return false;
  if (input.build !== null && input.build.status !== 'ok') return false;
  return failedChecks(input.checks, 'revert').length === 0;
}

/** How the judge command runs: the loop's environment, stopped when the loop stops. */
export interface JudgeRun {
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
}

/**
 * The verdict: the built-in one, unless a judge command is configured and answers valid JSON
 * `{"verdict","reason"}`. A failing lock-check (tampering), build or `revert` check is never overridden.
 * A judge command that fails or answers nonsense leaves the built-in verdict, saying so in the reason.
 */
export async function judge(config: LoopConfig, input: JudgeInput, run: JudgeRun): Promise<Judgement> {
  const builtIn = builtInVerdict(input);
  const command = config.judge.command;
  if (command === null || !overridable(input)) return builtIn;
  const answer = await runJudgeCommand(command, config.root, { ...input, builtin: builtIn }, run);
  if ('error' in answer)
    return { ...builtIn, reason: `${builtIn.reason}; judge command ignored: ${answer.error}` };
  return { verdict: answer.verdict, reason: answer.reason, by: 'judge-command' };
}

/** Parses a judge command's stdout: one JSON object with a known verdict and a non-empty reason. */
export function parseJudgeAnswer(
  stdout: string,
): { verdict: VerdictKind; reason: string } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(stdout.trim());
  } catch {
    return { error: `not JSON: ${JSON.stringify(stdout.trim().slice(0, 80))}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { error: 'not a JSON object' };
  const { verdict, reason } = value as Record<string, unknown>;
  if (typeof verdict !== 'string' || !(VERDICT_KINDS as readonly string[]).includes(verdict)) {
    return { error: `verdict must be one of ${VERDICT_KINDS.join(', ')}, got ${JSON.stringify(verdict)}` };
  }
  if (typeof reason !== 'string' || reason.trim() === '')
    return { error: 'reason must be a non-empty string' };
  return { verdict: verdict as VerdictKind, reason: reason.trim() };
}

export const JUDGE_TIMEOUT_MS = 10 * 60_000;

async function runJudgeCommand(
  command: readonly string[],
  cwd: string,
  input: object,
  run: JudgeRun,
): Promise<{ verdict: VerdictKind; reason: string } | { error: string }> {
  const [program, ...args] = command;
  if (program === undefined) return { error: 'empty command' };
  const result = await runProgram(program, args, {
    env: run.env,
    cwd,
    input: JSON.stringify(input),
    timeoutMs: JUDGE_TIMEOUT_MS,
    signal: run.signal,
  });
  if (result.spawnError !== null) return { error: `cannot run ${result.spawnError}` };
  if (result.error !== null) return { error: `${program} ${result.error}` };
  if (result.code !== 0) {
    return { error: `exit ${result.code ?? 'by signal'}: ${result.stderr.trim().split('\n')[0] ?? ''}` };
  }
  return parseJudgeAnswer(result.stdout);
}
