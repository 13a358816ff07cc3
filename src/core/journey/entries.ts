import {
  closeSync,
  constants,
  type Dirent,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { AutosweError, EXIT_USAGE, errorMessage } from '../../base/errors.js';
import { readAt } from '../runtime/store.js';
import type { Workspace } from '../runtime/workspace.js';

export interface JourneyRef {
  readonly iter: number;
  readonly file: string;
  /** The name is a regular file itself (not a symlink or folder); unknown (false) where the file system does not say. */
  readonly plainFile?: boolean;
}

export interface JourneyEntry extends JourneyRef {
  readonly title: string;
  readonly markdown: string;
}

const ENTRY_NAME = /^iter-(\d+)\.md$/;

/**
 * The last listing, for the folder as it was then (its mtime and inode change whenever an entry is added,
 * removed or renamed): a server or TUI asking again and again lists 10,000 entries once per change.
 */
let listed:
  | { readonly dir: string; readonly mtimeMs: number; readonly ino: number; readonly refs: JourneyRef[] }
  | undefined;

/** Journey entries, newest first: the largest iteration number compared as a number (iter-10 before iter-9). */
export function listJourney(workspace: Workspace): JourneyRef[] {
  const dir = workspace.paths.journeyDir;
  let names: Dirent[];
  let folder: { mtimeMs: number; ino: number } | undefined;
  try {
    folder = statSync(dir, { throwIfNoEntry: false });
    if (folder === undefined) return [];
    if (listed?.dir === dir && listed.mtimeMs === folder.mtimeMs && listed.ino === folder.ino) {
      return [...listed.refs];
    }
    names = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AutosweError(`cannot read ${dir}: ${errorMessage(error)}`);
  }
  const refs: JourneyRef[] = [];
  // The folder is normalised and a listed name holds no separator: concatenation, not 10,000 path.join calls.
  const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  for (const dirent of names) {
    const match = ENTRY_NAME.exec(dirent.name);
    if (match?.[1] !== undefined) {
      refs.push({ iter: Number(match[1]), file: `${prefix}${dirent.name}`, plainFile: dirent.isFile() });
    }
  }
  refs.sort((a, b) => b.iter - a.iter);
  // Stamped before the listing. File times are coarse (a few ms here, 2 s on some file systems): a folder
  // changed that recently may change again under the same mtime, so its listing is not kept.
  if (Date.now() - folder.mtimeMs > 2_000) listed = { dir, mtimeMs: folder.mtimeMs, ino: folder.ino, refs };
  return [...refs];
}

/**
 * The entries whose real path stays inside the journey folder, newest first: what a page served to others
 * may show. A symlink `iter-3.md -> /etc/passwd` is not one. Plain files need no check (the listing says
 * what they are): 10,000 entries cost one readdir, not 10,000 realpath calls.
 */
export function listJourneyInside(workspace: Workspace): JourneyRef[] {
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

/** Reads one entry by iteration number; undefined when there is none. */
export function readJourneyEntry(workspace: Workspace, iter: number): JourneyEntry | undefined {
  const ref = listJourney(workspace).find((item) => item.iter === iter);
  return ref === undefined ? undefined : loadJourneyEntry(ref);
}

export function readLatestJourneyEntry(workspace: Workspace): JourneyEntry | undefined {
  const ref = listJourney(workspace)[0];
  return ref === undefined ? undefined : loadJourneyEntry(ref);
}

/** Reads the entry a listed ref names (ENOENT when it was deleted since the listing). */
export function loadJourneyEntry(ref: JourneyRef): JourneyEntry {
  const markdown = readEntryText(ref.file);
  return { iter: ref.iter, file: ref.file, markdown, title: journeyTitle(markdown, ref.iter) };
}

/**
 * An entry's text. A symbolic link out of the folder, or a hard link (more than one name) is refused like a symlink out of the folder: it could
 * name any file of the same file system the agent could link (exit 2). An entry is read up to 256 KiB.
 */
function readEntryText(file: string): string {
  if (lstatSync(file).isSymbolicLink()) {
    const folder = realpathSync(dirname(file));
    if (!realpathSync(file).startsWith(folder + sep)) {
      throw new AutosweError(`${file} is a symbolic link out of ${folder}; not shown`, EXIT_USAGE);
    }
  }
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new AutosweError(`${file} is not a regular file; not shown`, EXIT_USAGE);
    if (stats.nlink > 1) {
      throw new AutosweError(
        `${file} is a hard link (${stats.nlink} names); autoswe writes journey entries with one, so it is not shown`,
        EXIT_USAGE,
      );
    }
    const length = Math.min(stats.size, MAX_ENTRY_BYTES);
    const text = readAt(fd, 0, length).toString('utf8');
    return stats.size > MAX_ENTRY_BYTES
      ? `${text}\n\n… (${stats.size} bytes, the first ${MAX_ENTRY_BYTES} shown)\n`
      : text;
  } finally {
    closeSync(fd);
  }
}

/** autoswe writes entries of a few KiB; a bigger one is shown up to here (in the CLI, the TUI and the page). */
const MAX_ENTRY_BYTES = 256 * 1024;

/** The entry's first heading, else `Iteration N`. */
export function journeyTitle(markdown: string, iter: number): string {
  const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(markdown);
  return heading?.[1] ?? `Iteration ${iter}`;
}

/** Path of the entry for iteration `iter`. */
export function journeyPath(workspace: Workspace, iter: number): string {
  return join(workspace.paths.journeyDir, `iter-${iter}.md`);
}
