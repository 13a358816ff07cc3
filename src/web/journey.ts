import { realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { type JourneyEntry, type JourneyRef, listJourney, readJourneyEntry } from '../core/journey.js';
import type { Workspace } from '../core/workspace.js';

export interface JourneyListItem {
  readonly iter: number;
  readonly title: string;
}

export interface JourneyListPage {
  readonly entries: readonly JourneyListItem[];
  readonly page: number;
  readonly limit: number;
  readonly total: number;
  readonly pages: number;
}

/**
 * Journey entries the page may show: regular files whose real path stays inside the journey folder.
 * A symlink `iter-3.md -> /etc/passwd` is not an entry, so no request can read outside what the views expose.
 */
export function exposedJourney(workspace: Workspace): JourneyRef[] {
  let folder: string;
  try {
    folder = realpathSync(workspace.paths.journeyDir);
  } catch {
    return [];
  }
  return listJourney(workspace).filter((ref) => insideFolder(ref.file, folder));
}

function insideFolder(file: string, folder: string): boolean {
  try {
    const real = realpathSync(file);
    return real.startsWith(folder + sep) && statSync(real).isFile();
  } catch {
    return false;
  }
}

/** One page of the journey list, newest first, each with its title (only this page's entries are read). */
export function journeyListPage(workspace: Workspace, page: number, limit: number): JourneyListPage {
  const refs = exposedJourney(workspace);
  const pages = Math.max(1, Math.ceil(refs.length / limit));
  const slice = refs.slice((page - 1) * limit, page * limit);
  const entries: JourneyListItem[] = [];
  for (const ref of slice) {
    const entry = readEntry(workspace, ref.iter);
    if (entry !== undefined) entries.push({ iter: entry.iter, title: entry.title });
  }
  return { entries, page, limit, total: refs.length, pages };
}

/** One entry by iteration number, or undefined when there is none the page may show. */
export function exposedJourneyEntry(workspace: Workspace, iter: number): JourneyEntry | undefined {
  if (!exposedJourney(workspace).some((ref) => ref.iter === iter)) return undefined;
  return readEntry(workspace, iter);
}

/** An entry deleted between listing and reading is simply gone, not an error. */
function readEntry(workspace: Workspace, iter: number): JourneyEntry | undefined {
  try {
    return readJourneyEntry(workspace, iter);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The iteration numbers either side of `iter` in the exposed journey (for older / newer links). */
export function journeyNeighbours(workspace: Workspace, iter: number): { older?: number; newer?: number } {
  const iters = exposedJourney(workspace).map((ref) => ref.iter);
  const older = iters.find((other) => other < iter);
  const newer = iters.filter((other) => other > iter).at(-1);
  return { ...(older === undefined ? {} : { older }), ...(newer === undefined ? {} : { newer }) };
}
