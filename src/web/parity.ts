import { readParity, readParitySummary, summarizeParity } from '../core/runtime/parity.js';
import { type FileStamp, fileStamp } from '../core/runtime/summaries.js';
import type { Workspace } from '../core/runtime/workspace.js';

/** Cells on one page of the grid: whole modules, as many as fit (a larger module gets a page of its own). */
export const PARITY_PAGE_CELLS = 5_000;

export interface GridCell {
  readonly id: string;
  readonly status: 'GREEN' | 'RED';
  readonly at: string | null;
  readonly detail: string | null;
}

export interface GridModule {
  readonly name: string;
  readonly flipped: boolean;
  readonly flippedAt: string | null;
  readonly green: number;
  readonly red: number;
  readonly total: number;
  /** Sorted by cell id. */
  readonly cells: readonly GridCell[];
}

/** The parity matrix as modules × cells for the grid view, with the same counts as the status model. */
export type ParityGrid =
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | {
      readonly kind: 'ok';
      readonly green: number;
      readonly red: number;
      readonly total: number;
      /** All modules, and the page of them shown: page `page` of `pages`, from module number `first` (0-based). */
      readonly moduleCount: number;
      readonly page: number;
      readonly pages: number;
      readonly first: number;
      readonly modules: readonly GridModule[];
    };

interface WholeGrid {
  readonly green: number;
  readonly red: number;
  readonly total: number;
  /** Module indexes where each page starts. */
  readonly pageStarts: readonly number[];
  readonly modules: readonly GridModule[];
}

/**
 * The last grid parsed, for the parity.json it was parsed from (size, mtime, inode): 100,000 cells are
 * ~15 MB of JSON, so a server parses them once per version of the file, not on every page or refresh.
 */
let parsed: { readonly path: string; readonly stamp: FileStamp; readonly grid: WholeGrid } | undefined;

/** One page of the grid (`page` past the last gives the last). */
export function readParityGrid(workspace: Workspace, page = 1): ParityGrid {
  const whole = wholeGrid(workspace);
  if ('kind' in whole) return whole;
  const pages = whole.pageStarts.length;
  const shown = Math.min(Math.max(1, page), pages);
  const first = whole.pageStarts[shown - 1] ?? 0;
  const end = whole.pageStarts[shown] ?? whole.modules.length;
  return {
    kind: 'ok',
    green: whole.green,
    red: whole.red,
    total: whole.total,
    moduleCount: whole.modules.length,
    page: shown,
    pages,
    first,
    modules: whole.modules.slice(first, end),
  };
}

function wholeGrid(
  workspace: Workspace,
): WholeGrid | { readonly kind: 'missing' } | { readonly kind: 'corrupt'; readonly message: string } {
  const path = workspace.paths.parity;
  const stamp = fileStamp(path);
  if (
    stamp !== undefined &&
    parsed?.path === path &&
    parsed.stamp.size === stamp.size &&
    parsed.stamp.mtimeMs === stamp.mtimeMs &&
    parsed.stamp.ino === stamp.ino
  )
    return parsed.grid;
  const read = readParity(workspace);
  if (read.kind !== 'ok') return read;
  const summary = summarizeParity(read.value);
  const modules = summary.modules.map((counts): GridModule => {
    const module = read.value.modules[counts.name];
    const cells = Object.entries(module?.cells ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(
        ([id, cell]): GridCell => ({
          id,
          // A cell that is not GREEN counts RED, as in summarizeParity.
          status: cell?.status === 'GREEN' ? 'GREEN' : 'RED',
          at: typeof cell?.at === 'string' ? cell.at : null,
          detail: typeof cell?.detail === 'string' ? cell.detail : null,
        }),
      );
    return {
      ...counts,
      flippedAt: typeof module?.flipped_at === 'string' ? module.flipped_at : null,
      cells,
    };
  });
  const pageStarts = [0];
  let cells = 0;
  for (const [index, module] of modules.entries()) {
    if (cells > 0 && cells + module.cells.length > PARITY_PAGE_CELLS) {
      pageStarts.push(index);
      cells = 0;
    }
    cells += module.cells.length;
  }
  const grid = { green: summary.green, red: summary.red, total: summary.total, pageStarts, modules };
  // Stamped before the read: a file replaced meanwhile has another stamp and is parsed again next time.
  if (stamp !== undefined) parsed = { path, stamp, grid };
  return grid;
}

/** Module names for the verdict filter's suggestions (from the counts kept beside parity.json); none when it is missing or corrupt. */
export function parityModuleNames(workspace: Workspace): string[] {
  const summary = readParitySummary(workspace);
  return summary.kind === 'ok' ? summary.modules.map((module) => module.name) : [];
}
