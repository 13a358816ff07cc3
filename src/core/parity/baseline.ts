import { relative } from 'node:path';
import { AutosweError } from '../../base/errors.js';
import { mapBounded } from '../../base/pool.js';
import type { LoopConfig } from '../config/types.js';
import { parityModule, updateParity } from '../runtime/parity.js';
import { writeFileAtomic } from '../runtime/store.js';
import type { Workspace } from '../runtime/workspace.js';
import { type CaseRunOptions, firstStderrLine, runFailure, runOnCase } from './case-run.js';
import { baselinePath, type CaseFile, listCases } from './cases.js';
import { updateLock } from './lock-check.js';

export interface CapturedCase {
  readonly module: string;
  readonly cell: string;
  /** Relative to the workspace root. */
  readonly file: string;
  readonly bytes: number;
  readonly exitCode: number | null;
}

export interface BaselineOutcome {
  readonly captured: readonly CapturedCase[];
  /** Cells that did not exist in parity.json and were added as RED. */
  readonly newCells: readonly { readonly module: string; readonly cell: string }[];
  readonly lockedFiles: number;
}

/**
 * Runs the legacy program on every case (of one module, or all), writes each stdout atomically to
 * `baseline/<module>/<cell>.out`, adds parity cells for new cases as RED, then rewrites LOCK.json.
 * A case the legacy program cannot answer (not found, timeout, killed) fails the capture before anything is written.
 */
export async function captureBaseline(
  workspace: Workspace,
  config: LoopConfig,
  options: CaseRunOptions & { readonly module?: string | undefined },
): Promise<BaselineOutcome> {
  const cases = await listCases(config, options.module);
  if (cases.length === 0) {
    throw new AutosweError(
      `no case files match the globs of ${options.module ?? 'any module'} in ${config.file}`,
    );
  }
  const interrupted = () => new AutosweError('baseline-capture interrupted; nothing was written');
  const runs = await mapBounded(cases, config.limits.verify_parallel, async (testCase) => {
    if (options.signal?.aborted) throw interrupted();
    return {
      testCase,
      result: await runOnCase(config, 'legacy', testCase, { ...options, runtimeDir: workspace.runtimeDir }),
    };
  });
  if (options.signal?.aborted) throw interrupted();
  const failures = runs.flatMap(({ testCase, result }) => {
    const failure = runFailure(result, config.legacy.timeout_ms);
    return failure === null
      ? []
      : [`${testCase.module}/${testCase.cell}: ${failure} ${firstStderrLine(result)}`.trim()];
  });
  if (failures.length > 0) {
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
    throw new AutosweError(`legacy program failed on ${failures[0]}${more}; no baseline was written`);
  }
  const captured: CapturedCase[] = [];
  for (const { testCase, result } of runs) {
    const path = baselinePath(workspace, testCase.module, testCase.cell);
    await writeFileAtomic(path, result.stdout);
    captured.push({
      module: testCase.module,
      cell: testCase.cell,
      file: relative(workspace.root, path),
      bytes: Buffer.byteLength(result.stdout),
      exitCode: result.code,
    });
  }
  const newCells = await addMissingCells(workspace, cases);
  const lock = await updateLock(workspace, config);
  return { captured, newCells, lockedFiles: Object.keys(lock.files).length };
}

async function addMissingCells(workspace: Workspace, cases: readonly CaseFile[]) {
  return updateParity(workspace, (matrix) => {
    const added: { module: string; cell: string }[] = [];
    const at = new Date().toISOString();
    for (const { module, cell } of cases) {
      const entry = parityModule(matrix, module);
      if (entry.cells[cell] !== undefined) continue;
      entry.cells[cell] = { status: 'RED', at, detail: 'not verified yet: run verify-cells' };
      added.push({ module, cell });
    }
    return added;
  });
}
