import { readParity, summarizeParity } from '../core/runtime/parity.js';
import type { Workspace } from '../core/runtime/workspace.js';

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
      readonly modules: readonly GridModule[];
    };

export function readParityGrid(workspace: Workspace): ParityGrid {
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
  return { kind: 'ok', green: summary.green, red: summary.red, total: summary.total, modules };
}

/** Module names for the verdict filter's suggestions; none when parity.json is missing or corrupt. */
export function parityModuleNames(workspace: Workspace): string[] {
  const read = readParity(workspace);
  return read.kind === 'ok' ? Object.keys(read.value.modules).sort() : [];
}
