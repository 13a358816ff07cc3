import { TAIL_BYTES } from '../core/build/output.js';
import type { VerdictKind } from '../core/runtime/verdicts.js';
import { fenced } from './fence.js';

/** A build or check that failed, as the agent is told: what, why, and the end of its output. */
export interface StepProblem {
  /** `build`, or `check <name>`. */
  readonly step: string;
  /** `build failed: <first error line>`, `check vet timed out after 60 s`. */
  readonly reason: string;
  /** For a check: what its failure does to the verdict. */
  readonly onFail: 'revert' | 'note' | null;
  /** The command that failed, as a shell shows it. */
  readonly command: string | null;
  /** The log, relative to the workspace root, or null when there is none. */
  readonly log: string | null;
  /** The end of the log (bounded), or null when it is gone. */
  readonly tail: string | null;
}

/** The module's previous iteration, from its VERDICTS line: what did not build or pass. */
export interface LastAttempt {
  readonly iter: number;
  readonly verdict: VerdictKind;
  readonly problems: readonly StepProblem[];
}

/** How the new program is built and checked, as configured. */
export interface BuildSteps {
  readonly build: readonly string[] | null;
  readonly cwd: string | null;
  readonly checks: readonly { readonly name: string; readonly command: string; readonly onFail: string }[];
}

/** `The new program is built with …; checks after each build: …`, or nothing without build or checks. */
export function buildStepsLines(steps: BuildSteps | null | undefined): string[] {
  if (steps === null || steps === undefined) return [];
  const lines: string[] = [];
  if (steps.build !== null && steps.build.length > 0) {
    lines.push(
      `After your session the loop builds it (in ${steps.cwd}) with: ${steps.build.join(' && ')}; a build that fails is a REVERT.`,
    );
  }
  if (steps.checks.length > 0) {
    const listed = steps.checks.map(
      (check) => `${check.name}: ${check.command} (on failure: ${check.onFail})`,
    );
    lines.push(`Then it runs these checks: ${listed.join('; ')}.`);
  }
  return lines;
}

/** "Your last attempt did not build": the previous iteration's failed build or checks, with their output. */
export function lastAttemptSection(attempt: LastAttempt | null | undefined): string[] {
  if (attempt === null || attempt === undefined || attempt.problems.length === 0) return [];
  const kept = attempt.verdict === 'REVERT' ? 'its changes were thrown away' : 'its changes were kept';
  const buildFailed = attempt.problems.some((problem) => problem.step === 'build');
  const revertChecks = attempt.problems.some((problem) => problem.onFail === 'revert');
  const title = buildFailed
    ? 'Your last attempt did not build'
    : revertChecks
      ? 'Your last attempt failed its checks'
      : 'Checks your last attempt failed';
  return [
    `## ${title} (iteration ${attempt.iter}: ${attempt.verdict}, ${kept})`,
    ...(buildFailed ? ['Fix the errors below first: the cases cannot run until the program builds.'] : []),
    '',
    ...attempt.problems.flatMap(problemLines),
  ];
}

/** The target as it stands does not build: the cases below ran on an old or missing program. */
export function headBuildSection(problem: StepProblem | null | undefined): string[] {
  if (problem === null || problem === undefined) return [];
  return [
    '## The target does not build as it stands',
    'The program could not be built from the current commit, so the outputs below come from an old build, ' +
      'or none. Make it build first.',
    '',
    ...problemLines(problem),
  ];
}

function problemLines(problem: StepProblem): string[] {
  const heading = problem.onFail === null ? problem.step : `${problem.step} (on failure: ${problem.onFail})`;
  const lines = [`### ${heading}`, problem.reason];
  if (problem.command !== null) lines.push(`command: ${problem.command}`);
  if (problem.tail !== null) {
    lines.push(`the end of its output${problem.log === null ? '' : ` (all of it: ${problem.log})`}:`);
    lines.push(fenced(problem.tail, TAIL_BYTES));
  }
  lines.push('');
  return lines;
}
