import { readFileSync } from 'node:fs';
import { shellQuote } from '../base/shell.js';
import { type BuildRecord, buildReason } from '../core/build/records.js';
import { toolCache } from '../core/build/tool-cache.js';
import type { LoopConfig } from '../core/config/types.js';
import { type CaseRunOptions, runOnCase } from '../core/parity/case-run.js';
import { baselinePath, listCases } from '../core/parity/cases.js';
import { readRules } from '../core/rules/rules-yaml.js';
import { type ParityMatrix, readParity } from '../core/runtime/parity.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { lastAttempt, stepProblem } from './last-attempt.js';
import { buildPrompt, RED_CELLS_SHOWN, type RedCell } from './prompt.js';
import type { BuildSteps } from './prompt-build.js';

export interface Plan {
  readonly prompt: string;
  readonly red: number;
  readonly rules: number;
}

/**
 * The plan vertex: gathers the module's RED cells (expected from the baseline, actual from running the
 * new program now, for the first few), the rules and the protected paths, and writes the agent's prompt.
 * With a build: how it is built and checked, what failed in the module's last attempt (from VERDICTS),
 * and `headBuild`, the build of the target as it stands, when that failed.
 */
export async function planIteration(
  workspace: Workspace,
  config: LoopConfig,
  module: string,
  iter: number,
  run: CaseRunOptions,
  headBuild: BuildRecord | null = null,
): Promise<Plan> {
  const matrix = currentParity(workspace);
  const cells = matrix.modules[module]?.cells ?? {};
  const cases = await listCases(config, module);
  const redCases = cases.filter((testCase) => cells[testCase.cell]?.status !== 'GREEN');
  const shown = redCases.slice(0, RED_CELLS_SHOWN);
  const cache = toolCache(workspace, config, config.new.env);
  const red: RedCell[] = await Promise.all(
    shown.map(async (testCase) => {
      const result = await runOnCase(config, 'new', testCase, { ...run, cache });
      return {
        id: testCase.cell,
        caseFile: testCase.path,
        expected: readOrNull(baselinePath(workspace, module, testCase.cell)),
        actual: result.spawnError ?? result.stdout + (result.stderr ? `\n[stderr] ${result.stderr}` : ''),
        detail: cells[testCase.cell]?.detail ?? null,
      };
    }),
  );
  const rules = await readRules(workspace);
  const prompt = buildPrompt({
    module,
    iter,
    workdir: config.target,
    newCommand: config.new.command,
    newCwd: config.new.cwd,
    red,
    redNotShown: redCases.length - shown.length,
    green: cases.length - redCases.length,
    rules,
    protectedGlobs: config.protected,
    root: workspace.root,
    runtimeDir: workspace.runtimeDir,
    buildSteps: buildSteps(config),
    lastAttempt: lastAttempt(workspace, module),
    headBuild: headProblem(headBuild),
  });
  return { prompt, red: redCases.length, rules: rules.length };
}

function buildSteps(config: LoopConfig): BuildSteps | null {
  if (config.build === null && config.checks.length === 0) return null;
  const line = (command: readonly string[]) => command.map(shellQuote).join(' ');
  return {
    build: config.build === null ? null : config.build.commands.map(line),
    cwd: config.build?.cwd ?? null,
    checks: config.checks.map((check) => ({
      name: check.name,
      command: line(check.command),
      onFail: check.on_fail === 'revert' ? 'REVERT' : 'noted, the verdict unchanged',
    })),
  };
}

function headProblem(record: BuildRecord | null) {
  const reason = record === null ? null : buildReason(record);
  return record === null || reason === null ? null : stepProblem('build', reason, null, record);
}

function currentParity(workspace: Workspace): ParityMatrix {
  const read = readParity(workspace);
  return read.kind === 'ok' ? read.value : { modules: {} };
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
