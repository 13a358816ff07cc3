import { fillPlaceholders } from '../base/placeholders.js';
import { shellQuote } from '../base/shell.js';
import type { Rule } from '../core/rules/rules-yaml.js';
import { fenced } from './fence.js';
import {
  type BuildSteps,
  buildStepsLines,
  headBuildSection,
  type LastAttempt,
  lastAttemptSection,
  type StepProblem,
} from './prompt-build.js';

/** One RED cell as the agent is shown it. */
export interface RedCell {
  readonly id: string;
  /** Absolute path of the case file (the input). */
  readonly caseFile: string | null;
  /** The legacy program's recorded output, or null when no baseline exists. */
  readonly expected: string | null;
  /** The new program's output now, or null when it was not captured. */
  readonly actual: string | null;
  /** The one-line diff summary verify-cells recorded. */
  readonly detail: string | null;
}

export interface PromptInput {
  readonly module: string;
  readonly iter: number;
  readonly workdir: string;
  /** How the new program is run on a case, as configured (placeholders shown as written). */
  readonly newCommand: readonly string[];
  /** Where that command runs (`new.cwd`, by default the workspace root); the agent's cwd is `workdir`. */
  readonly newCwd?: string;
  readonly red: readonly RedCell[];
  /** RED cells not shown in full (beyond the cap). */
  readonly redNotShown: number;
  readonly green: number;
  readonly rules: readonly Rule[];
  /** Protected globs relative to the workspace root, and the root. */
  readonly protectedGlobs: readonly string[];
  readonly root: string;
  readonly runtimeDir: string;
  /** How the new program is built and checked (docs/CONFIG.md `build`, `checks`). */
  readonly buildSteps?: BuildSteps | null;
  /** The module's previous iteration, when its build or checks failed. */
  readonly lastAttempt?: LastAttempt | null;
  /** The build of the target as it stands, when it failed. */
  readonly headBuild?: StepProblem | null;
}

/** Longest expected/actual excerpt put in the prompt, so the prompt stays well under argv limits. */
export const EXCERPT_CHARS = 2_000;
/** RED cells shown in full; the rest are listed by name. */
export const RED_CELLS_SHOWN = 8;

/** The agent's prompt: the module, its RED cells with expected vs actual output, the rules, the protected paths. */
export function buildPrompt(input: PromptInput): string {
  const parts = [
    `You are porting the module '${input.module}' of a legacy program to its rewrite (iteration ${input.iter}).`,
    `Work only in ${input.workdir} (a git checkout; do not commit, the loop does that).`,
    `Goal: make the new program's output equal the legacy output, byte for byte, for every case below, ` +
      `without breaking the ${input.green} case(s) that already match.`,
    `The new program is run on a case as: ${input.newCommand.join(' ')}`,
    ...runOneCase(input),
    ...buildStepsLines(input.buildSteps),
    '',
    ...lastAttemptSection(input.lastAttempt),
    ...headBuildSection(input.headBuild),
    `## RED cases of '${input.module}' (${input.red.length + input.redNotShown})`,
    ...input.red.flatMap(redCellSection),
  ];
  if (input.redNotShown > 0) parts.push(`…and ${input.redNotShown} more RED case(s) not shown.`, '');
  parts.push('## Rules you are held to', ...rulesSection(input.rules), '');
  parts.push(
    '## Protected paths (read-only: read them and run the cases as you like, but never write, move or delete them; such writes are denied and a change forces a REVERT)',
    `- ${input.runtimeDir} (autoswe's runtime files; its baseline/ holds the recorded answers, which you may not read either)`,
    ...['autoswe.yaml', 'rules.yaml', ...input.protectedGlobs].map(
      (glob) => `- ${glob} (relative to ${input.root})`,
    ),
    '',
    'When you are done, end with a short summary of what you changed and why.',
  );
  return `${parts.join('\n')}\n`;
}

/** The agent's cwd, where case commands run from, and one case's command line to paste from there. */
function runOneCase(input: PromptInput): string[] {
  const from = input.newCwd ?? input.root;
  const cell = input.red.find((red) => red.caseFile !== null);
  const argv = fillPlaceholders(input.newCommand, {
    module: input.module,
    workdir: input.workdir,
    ...(cell?.caseFile ? { case: cell.caseFile, cell: cell.id } : {}),
  }).map(shellQuote);
  const line = from === input.workdir ? argv.join(' ') : `cd ${shellQuote(from)} && ${argv.join(' ')}`;
  return [
    `Your working directory is ${input.workdir}; case commands run from ${from === input.workdir ? 'there too' : from}, so run one case (and compare its output with the expected output below) with:`,
    `    ${line}`,
  ];
}

function redCellSection(cell: RedCell): string[] {
  return [
    `### ${cell.id}`,
    ...(cell.caseFile === null ? [] : [`case file: ${cell.caseFile}`]),
    ...(cell.detail ? [`difference: ${cell.detail}`] : []),
    'expected (legacy output):',
    fenced(cell.expected ?? '(no baseline recorded: run autoswe baseline-capture)', EXCERPT_CHARS),
    'actual (new program now):',
    fenced(cell.actual ?? '(not captured)', EXCERPT_CHARS),
    '',
  ];
}

function rulesSection(rules: readonly Rule[]): string[] {
  if (rules.length === 0) return ['- (no rules yet)'];
  return rules.map((rule) => `- [${rule.id}] ${rule.text.replace(/\s*\n\s*/g, ' ')}`);
}
