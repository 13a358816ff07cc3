import { readFileSync } from 'node:fs';
import type { LoopConfig } from '../core/config/types.js';
import { type CaseRunOptions, runOnCase } from '../core/parity/case-run.js';
import { baselinePath, listCases } from '../core/parity/cases.js';
import { readRules } from '../core/rules/rules-yaml.js';
import { type ParityMatrix, readParity } from '../core/runtime/parity.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { buildPrompt, RED_CELLS_SHOWN, type RedCell } from './prompt.js';

export interface Plan {
  readonly prompt: string;
  readonly red: number;
  readonly rules: number;
}

/**
 * The plan vertex: gathers the module's RED cells (expected from the baseline, actual from running the
 * new program now, for the first few), the rules and the protected paths, and writes the agent's prompt.
 */
export async function planIteration(
  workspace: Workspace,
  config: LoopConfig,
  module: string,
  iter: number,
  run: CaseRunOptions,
): Promise<Plan> {
  const matrix = currentParity(workspace);
  const cells = matrix.modules[module]?.cells ?? {};
  const cases = await listCases(config, module);
  const redCases = cases.filter((testCase) => cells[testCase.cell]?.status !== 'GREEN');
  const shown = redCases.slice(0, RED_CELLS_SHOWN);
  const red: RedCell[] = await Promise.all(
    shown.map(async (testCase) => {
      const result = await runOnCase(config, 'new', testCase, run);
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
    red,
    redNotShown: redCases.length - shown.length,
    green: cases.length - redCases.length,
    rules,
    protectedGlobs: config.protected,
    root: workspace.root,
    runtimeDir: workspace.runtimeDir,
  });
  return { prompt, red: redCases.length, rules: rules.length };
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
