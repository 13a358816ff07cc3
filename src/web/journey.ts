import { AutosweError } from '../base/errors.js';
import {
  type JourneyEntry,
  type JourneyRef,
  listJourneyInside,
  loadJourneyEntry,
} from '../core/journey/entries.js';
import type { Workspace } from '../core/runtime/workspace.js';

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

/** One page of the journey list, newest first, each with its title (only this page's entries are read). */
export function journeyListPage(workspace: Workspace, page: number, limit: number): JourneyListPage {
  const refs = listJourneyInside(workspace);
  const pages = Math.max(1, Math.ceil(refs.length / limit));
  const entries: JourneyListItem[] = [];
  for (const ref of refs.slice((page - 1) * limit, page * limit)) {
    const entry = readEntry(ref);
    if (entry !== undefined) entries.push({ iter: entry.iter, title: entry.title });
  }
  return { entries, page, limit, total: refs.length, pages };
}

export interface ExposedEntry {
  readonly entry: JourneyEntry;
  /** The iteration numbers either side of it in the exposed journey (for older / newer links). */
  readonly older?: number;
  readonly newer?: number;
}

/** One entry by iteration number with its neighbours, or undefined when there is none the page may show. */
export function exposedJourneyEntry(workspace: Workspace, iter: number): ExposedEntry | undefined {
  const refs = listJourneyInside(workspace);
  const index = refs.findIndex((ref) => ref.iter === iter);
  const ref = refs[index];
  const entry = ref === undefined ? undefined : readEntry(ref);
  if (entry === undefined) return undefined;
  const newer = refs[index - 1]?.iter;
  const older = refs[index + 1]?.iter;
  return { entry, ...(older === undefined ? {} : { older }), ...(newer === undefined ? {} : { newer }) };
}

/** An entry deleted between listing and reading is simply gone, not an error. */
function readEntry(ref: JourneyRef): JourneyEntry | undefined {
  try {
    return loadJourneyEntry(ref);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A hard link or something not a file: refused like a symlink out of the folder, as if not there.
    if (error instanceof AutosweError) return undefined;
    throw error;
  }
}
