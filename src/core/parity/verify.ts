import { readFileSync } from 'node:fs';
import type { SandboxResult } from '../../adapters/sandbox.js';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { mapBounded } from '../../base/pool.js';
import { toolCache } from '../build/tool-cache.js';
import type { LoopConfig } from '../config/types.js';
import {
  type CellStatus,
  type ParityMatrix,
  parityModule,
  summarizeParity,
  updateParity,
} from '../runtime/parity.js';
import type { Workspace } from '../runtime/workspace.js';
import { type CaseRunOptions, firstStderrLine, runFailure, runOnCase } from './case-run.js';
import { baselinePath, type CaseFile, listCases } from './cases.js';
import { summarizeDifference } from './output-diff.js';

export interface CellOutcome {
  readonly module: string;
  readonly cell: string;
  /** A hold-out cell: counted, never named where the agent may read it (prompts, verdict reasons). */
  readonly holdout: boolean;
  readonly status: CellStatus;
  /** Status before this run; null when the cell was new to parity.json. */
  readonly previous: CellStatus | null;
  /** One line: empty for GREEN, the first difference or the failure for RED. */
  readonly detail: string;
  readonly durationMs: number;
}

export interface ParityCounts {
  readonly green: number;
  readonly red: number;
  readonly total: number;
}

export interface VerifyOutcome {
  readonly at: string;
  readonly cells: readonly CellOutcome[];
  /** RED (or new) → GREEN. */
  readonly flips: readonly CellOutcome[];
  /** GREEN → RED. */
  readonly regressions: readonly CellOutcome[];
  /** Over the whole parity matrix, before and after this run. */
  readonly before: ParityCounts;
  readonly after: ParityCounts;
  /** Cells (`module/cell`) and whole modules (`module/*`) dropped because the config no longer has their cases. */
  readonly removed?: readonly string[];
}

export interface VerifyOptions extends CaseRunOptions {
  readonly module?: string | undefined;
  readonly cell?: string | undefined;
}

/**
 * Runs the new program on each case (sandboxed, `limits.verify_parallel` at once), compares stdout with the
 * baseline, and records every cell GREEN or RED in parity.json under the lock.
 */
export async function verifyCells(
  workspace: Workspace,
  config: LoopConfig,
  options: VerifyOptions,
): Promise<VerifyOutcome> {
  const cases = await selectCases(config, options);
  const cache = toolCache(workspace, config, config.new.env);
  const checked = await mapBounded(cases, config.limits.verify_parallel, async (testCase) => {
    if (options.signal?.aborted) throw interrupted();
    const result = await runOnCase(config, 'new', testCase, {
      ...options,
      cache,
      runtimeDir: workspace.runtimeDir,
    });
    return { testCase, ...judgeCase(workspace, config, testCase, result), durationMs: result.durationMs };
  });
  if (options.signal?.aborted) throw interrupted();
  const at = new Date().toISOString();
  return updateParity(workspace, (matrix) => {
    const before = counts(matrix);
    const removed = options.cell === undefined ? dropStaleCells(matrix, config, cases, options.module) : [];
    const cells = checked.map(({ testCase, status, detail, durationMs }) => {
      const previous = recordCell(matrix, testCase, { status, at, detail });
      const { module, cell, holdout } = testCase;
      return { module, cell, holdout, status, previous, detail, durationMs };
    });
    return {
      at,
      cells,
      flips: cells.filter((cell) => cell.status === 'GREEN' && cell.previous !== 'GREEN'),
      regressions: cells.filter((cell) => cell.status === 'RED' && cell.previous === 'GREEN'),
      removed,
      before,
      after: counts(matrix),
    };
  });
}

function interrupted(): AutosweError {
  return new AutosweError('verify-cells interrupted; parity.json left as it was');
}

async function selectCases(config: LoopConfig, options: VerifyOptions): Promise<CaseFile[]> {
  const cases = await listCases(config, options.module);
  if (options.cell === undefined) {
    if (cases.length === 0) throw new AutosweError(`no case files match the module globs in ${config.file}`);
    return cases;
  }
  const chosen = cases.filter((testCase) => testCase.cell === options.cell);
  if (chosen.length === 0) {
    const where = options.module === undefined ? 'any module' : `module ${options.module}`;
    throw new AutosweError(`no case with cell id '${options.cell}' in ${where}`, EXIT_USAGE);
  }
  return chosen;
}

function judgeCase(
  workspace: Workspace,
  config: LoopConfig,
  testCase: CaseFile,
  result: SandboxResult,
): { status: CellStatus; detail: string } {
  const failure = runFailure(result, config.new.timeout_ms);
  if (failure !== null) return { status: 'RED', detail: failure };
  let expected: string;
  try {
    expected = readFileSync(baselinePath(workspace, testCase.module, testCase.cell), 'utf8');
  } catch {
    return { status: 'RED', detail: "no baseline for this case: run 'autoswe baseline-capture'" };
  }
  const difference = summarizeDifference(expected, result.stdout);
  if (difference === null) return { status: 'GREEN', detail: '' };
  const stderr = firstStderrLine(result);
  const exit = result.code !== 0 ? ` [exit ${result.code}${stderr === '' ? '' : `: ${stderr}`}]` : '';
  return { status: 'RED', detail: `${difference}${exit}` };
}

/** Writes one cell, creating its module when new; returns the cell's previous status. */
function recordCell(
  matrix: ParityMatrix,
  testCase: CaseFile,
  cell: { status: CellStatus; at: string; detail: string },
): CellStatus | null {
  const module = parityModule(matrix, testCase.module);
  const previous = module.cells[testCase.cell]?.status ?? null;
  module.cells[testCase.cell] = testCase.holdout ? { ...cell, holdout: true } : cell;
  return previous === 'GREEN' || previous === 'RED' ? previous : null;
}

/**
 * The cases define the cells: after a full verification of a module, a cell whose case file is gone
 * would stay RED forever and keep the loop from DONE, so it is dropped (and reported). Likewise a whole
 * module the config no longer names, when every module was verified.
 */
function dropStaleCells(
  matrix: ParityMatrix,
  config: LoopConfig,
  cases: readonly CaseFile[],
  onlyModule: string | undefined,
): string[] {
  const removed: string[] = [];
  const verified = onlyModule === undefined ? Object.keys(config.modules) : [onlyModule];
  for (const name of verified) {
    const cells = matrix.modules[name]?.cells;
    if (cells === undefined) continue;
    const present = new Set(cases.filter((c) => c.module === name).map((c) => c.cell));
    for (const cell of Object.keys(cells)) {
      if (present.has(cell)) continue;
      delete cells[cell];
      removed.push(`${name}/${cell}`);
    }
  }
  if (onlyModule === undefined) {
    for (const name of Object.keys(matrix.modules)) {
      if (name in config.modules) continue;
      delete matrix.modules[name];
      removed.push(`${name}/*`);
    }
  }
  return removed.sort();
}

function counts(matrix: ParityMatrix): ParityCounts {
  const { green, red, total } = summarizeParity(matrix);
  return { green, red, total };
}
