import { realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { type JourneyEntry, type JourneyRef, listJourney, loadJourneyEntry } from '../core/journey.js';
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
 * Journey entries the page may show, newest first: regular files whose real path stays inside the journey
 * folder. A symlink `iter-3.md -> /etc/passwd` is not an entry, so no request can read outside what the
 * views expose. Plain files need no check (the listing says what they are): 10,000 entries cost one readdir,
 * not 10,000 realpath calls on every page view.
 */
export function exposedJourney(workspace: Workspace): JourneyRef[] {
  let folder: string | undefined;
  const inside = (file: string) => {
    try {
      folder ??= realpathSync(workspace.paths.journeyDir);
      const real = realpathSync(file);
      return real.startsWith(folder + sep) && statSync(real).isFile();
    } catch {
      return false;
    }
  };
  return listJourney(workspace).filter((ref) => ref.plainFile === true || inside(ref.file));
}

/** One page of the journey list, newest first, each with its title (only this page's entries are read). */
export function journeyListPage(workspace: Workspace, page: number, limit: number): JourneyListPage {
  const refs = exposedJourney(workspace);
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
  const refs = exposedJourney(workspace);
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
    throw error;
  }
}
