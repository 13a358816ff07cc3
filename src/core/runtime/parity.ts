import { join } from 'node:path';
import { AutosweError, errorMessage } from '../../base/errors.js';
import {
  array,
  boolean,
  type Infer,
  looseObject,
  nonNegativeInt,
  nullable,
  object,
  optional,
  record,
  string,
} from './decode.js';
import { checkedForWrite, type JsonFileRead, readJsonFile, withLock, writeJsonAtomic } from './store.js';
import { type FileStamp, fileStamp, readDerived, writeDerived } from './summaries.js';
import type { Workspace } from './workspace.js';

/** A cell's status as written: GREEN or RED (a cell whose status is anything else counts RED). */
export type CellStatus = 'GREEN' | 'RED';

const parityCell = object({
  status: string,
  at: optional(nullable(string)),
  detail: optional(nullable(string)),
  /** A hold-out cell (docs/CONFIG.md, `modules.<m>.holdout`): never shown to the agent. */
  holdout: optional(boolean),
});

export type ParityCell = Infer<typeof parityCell>;

const parityModuleEntry = object({
  flipped: optional(boolean),
  flipped_at: optional(nullable(string)),
  cells: optional(record(parityCell)),
});

type StoredModule = Infer<typeof parityModuleEntry>;

/** A module as read: the keys a hand-written file may leave out filled in (not flipped, no cells). */
export type ParityModule = { [K in keyof StoredModule]-?: Exclude<StoredModule[K], undefined> };

/** parity.json (docs/RUNTIME.md section 3); a file without `modules` has none yet. */
export const parityFile = looseObject({ modules: optional(record(parityModuleEntry)) });

export type ParityMatrix = Infer<typeof parityFile> & { modules: { [name: string]: ParityModule } };

const moduleParity = object({
  name: string,
  green: nonNegativeInt,
  red: nonNegativeInt,
  total: nonNegativeInt,
  flipped: boolean,
  /** Hold-out cells among them (the counts above include them). */
  holdout_green: nonNegativeInt,
  holdout_red: nonNegativeInt,
});

export type ModuleParity = Infer<typeof moduleParity>;

/** The counts status shows, also what parity.summary.json records. */
const paritySummary = object({
  green: nonNegativeInt,
  red: nonNegativeInt,
  total: nonNegativeInt,
  modules: array(moduleParity),
});

export type ParitySummary = Infer<typeof paritySummary>;

export type ParityRead = JsonFileRead<ParityMatrix>;

export function readParity(workspace: Workspace): ParityRead {
  const read = readJsonFile(workspace.paths.parity, parityFile);
  if (read.kind !== 'ok') return read;
  const modules: { [name: string]: ParityModule } = {};
  for (const [name, stored] of Object.entries(read.value.modules ?? {})) {
    modules[name] = {
      ...stored,
      flipped: stored.flipped ?? false,
      flipped_at: stored.flipped_at ?? null,
      cells: stored.cells ?? {},
    };
  }
  return { kind: 'ok', value: { ...read.value, modules } };
}

/** GREEN and RED counts per module (sorted by name) and in total. A cell that is not GREEN counts RED. */
export function summarizeParity(matrix: ParityMatrix): ParitySummary {
  const modules: ModuleParity[] = [];
  let green = 0;
  let red = 0;
  for (const name of Object.keys(matrix.modules).sort()) {
    const module = matrix.modules[name];
    if (module === undefined) continue;
    let moduleGreen = 0;
    let moduleRed = 0;
    let holdoutGreen = 0;
    let holdoutRed = 0;
    for (const cell of Object.values(module.cells)) {
      const isGreen = cell.status === 'GREEN';
      if (isGreen) moduleGreen++;
      else moduleRed++;
      if (cell.holdout === true) {
        if (isGreen) holdoutGreen++;
        else holdoutRed++;
      }
    }
    green += moduleGreen;
    red += moduleRed;
    modules.push({
      name,
      green: moduleGreen,
      red: moduleRed,
      total: moduleGreen + moduleRed,
      flipped: module.flipped,
      holdout_green: holdoutGreen,
      holdout_red: holdoutRed,
    });
  }
  return { green, red, total: green + red, modules };
}

/**
 * "Possible overfitting": every cell the agent was shown is GREEN while a hold-out cell is RED: the port
 * fits the cases it saw and not the ones it did not (docs/CONFIG.md, `modules.<m>.holdout`).
 */
export function possibleOverfitting(module: ModuleParity): boolean {
  return module.holdout_red > 0 && module.red === module.holdout_red;
}

/** `calc (2 hold-out RED)` for each module flagged as possible overfitting; empty when none is. */
export function overfittingNotes(summary: Pick<ParitySummary, 'modules'>): string[] {
  return summary.modules
    .filter(possibleOverfitting)
    .map((module) => `${module.name} (${module.holdout_red} hold-out RED)`);
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
    const path = workspace.paths.parity;
    await writeJsonAtomic(path, checkedForWrite(path, parityFile, matrix));
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
  return module;
}

export type ParitySummaryRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | ({ readonly kind: 'ok' } & ParitySummary);

/** Where the counts of the current parity.json are kept (see summaries.ts): 10,000 cells ≈ 1.5 MB to parse. */
export function paritySummaryPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, 'parity.summary.json');
}

/** The parity counts: from the derived file when it matches parity.json, else parsed (and recorded). */
export function readParitySummary(workspace: Workspace): ParitySummaryRead {
  let source: FileStamp | undefined;
  try {
    source = fileStamp(workspace.paths.parity);
  } catch (error) {
    return { kind: 'corrupt', message: errorMessage(error) };
  }
  if (source === undefined) return { kind: 'missing' };
  const cached = readDerived(paritySummaryPath(workspace), source, paritySummary);
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
