import { join } from 'node:path';
import { AutosweError } from '../../base/errors.js';
import { type JsonFileRead, readJsonObject, withLock, writeJsonAtomic } from './store.js';
import { type FileStamp, fileStamp, readDerived, writeDerived } from './summaries.js';
import type { Workspace } from './workspace.js';

export type CellStatus = 'GREEN' | 'RED';

export interface ParityCell {
  status: CellStatus;
  at?: string | null;
  detail?: string | null;
}

export interface ParityModule {
  flipped: boolean;
  flipped_at: string | null;
  cells: Record<string, ParityCell>;
}

/** parity.json (docs/RUNTIME.md section 3). */
export interface ParityMatrix {
  modules: Record<string, ParityModule>;
  [key: string]: unknown;
}

export interface ModuleParity {
  readonly name: string;
  readonly green: number;
  readonly red: number;
  readonly total: number;
  readonly flipped: boolean;
}

export interface ParitySummary {
  readonly green: number;
  readonly red: number;
  readonly total: number;
  readonly modules: readonly ModuleParity[];
}

export type ParityRead = JsonFileRead<ParityMatrix>;

export function readParity(workspace: Workspace): ParityRead {
  const read = readJsonObject<ParityMatrix>(workspace.paths.parity);
  if (read.kind !== 'ok') return read;
  const modules = read.value.modules;
  if (modules === undefined) return { kind: 'ok', value: { ...read.value, modules: {} } };
  if (modules === null || typeof modules !== 'object' || Array.isArray(modules)) {
    return { kind: 'corrupt', message: '"modules" is not an object' };
  }
  return read;
}

/** GREEN and RED counts per module (sorted by name) and in total. A cell that is not GREEN counts RED. */
export function summarizeParity(matrix: ParityMatrix): ParitySummary {
  const modules: ModuleParity[] = [];
  let green = 0;
  let red = 0;
  for (const name of Object.keys(matrix.modules).sort()) {
    const module = matrix.modules[name];
    let moduleGreen = 0;
    let moduleRed = 0;
    for (const cell of Object.values(module?.cells ?? {})) {
      if (cell?.status === 'GREEN') moduleGreen++;
      else moduleRed++;
    }
    green += moduleGreen;
    red += moduleRed;
    modules.push({
      name,
      green: moduleGreen,
      red: moduleRed,
      total: moduleGreen + moduleRed,
      flipped: module?.flipped === true,
    });
  }
  return { green, red, total: green + red, modules };
}

/** Read-modify-write of parity.json under the lock; a corrupt file is refused, never overwritten. */
export async function updateParity<T>(
  workspace: Workspace,
  update: (matrix: ParityMatrix) => T | Promise<T>,
): Promise<T> {
  return withLock(workspace.runtimeDir, workspace.paths.lock, async () => {
    const read = readParity(workspace);
    if (read.kind === 'corrupt') {
      throw new AutosweError(
        `refusing to write: ${workspace.paths.parity} is corrupt (${read.message}); fix or move it aside first`,
      );
    }
    const matrix: ParityMatrix = read.kind === 'ok' ? read.value : { modules: {} };
    const result = await update(matrix);
    await writeJsonAtomic(workspace.paths.parity, matrix);
    recordParitySummary(workspace, summarizeParity(matrix));
    return result;
  });
}

/** The module's entry in the matrix, created (not flipped, no cells) when absent. */
export function parityModule(matrix: ParityMatrix, name: string): ParityModule {
  let module = matrix.modules[name];
  if (module === undefined) {
    module = { flipped: false, flipped_at: null, cells: {} };
    matrix.modules[name] = module;
  }
  module.cells ??= {};
  return module;
}

export type ParitySummaryRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | ({ readonly kind: 'ok' } & ParitySummary);

/** Where the counts of parity.json are kept (docs/RUNTIME.md section 15): 10,000 cells ≈ 1.5 MB to parse. */
export function paritySummaryPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, 'parity.summary.json');
}

/** The parity counts: from the derived file when it matches parity.json, else parsed (and recorded). */
export function readParitySummary(workspace: Workspace): ParitySummaryRead {
  let source: FileStamp | undefined;
  try {
    source = fileStamp(workspace.paths.parity);
  } catch (error) {
    return { kind: 'corrupt', message: (error as Error).message };
  }
  if (source === undefined) return { kind: 'missing' };
  const cached = readDerived<ParitySummary>(paritySummaryPath(workspace), source);
  if (cached !== undefined) return { kind: 'ok', ...cached };
  const read = readParity(workspace);
  if (read.kind !== 'ok') return read;
  const summary = summarizeParity(read.value);
  writeDerived(paritySummaryPath(workspace), source, summary);
  return { kind: 'ok', ...summary };
}

/** Records the counts of the parity.json just written (its writers call this under the lock). */
function recordParitySummary(workspace: Workspace, summary: ParitySummary): void {
  const source = fileStamp(workspace.paths.parity);
  if (source !== undefined) writeDerived(paritySummaryPath(workspace), source, summary);
}
