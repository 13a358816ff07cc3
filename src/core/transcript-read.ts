import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { type Closer, debounce, watchDirectory } from './dir-watch.js';
import { AutosweError } from './errors.js';
import { linesBackward } from './lines.js';
import { listTranscripts, readActiveTranscript, type TranscriptRef } from './transcripts.js';
import type { Workspace } from './workspace.js';

/** The transcript ACTIVE names (resolved against the runtime dir if relative), or null when there is none. */
export function readActive(workspace: Workspace): string | null {
  const line = readActiveTranscript(workspace);
  if (line === null) return null;
  return isAbsolute(line) ? line : resolve(workspace.runtimeDir, line);
}

/** The last `count` non-empty lines of a file, oldest first, read from its end. */
export function lastLines(path: string, count: number): { lines: string[]; end: number } {
  const end = fileSize(path);
  const lines: string[] = [];
  if (count > 0) {
    for (const line of linesBackward(path, end)) {
      lines.push(line.text);
      if (lines.length === count) break;
    }
  }
  return { lines: lines.reverse(), end };
}

function fileSize(path: string): number {
  try {
    const fd = openSync(path, 'r');
    try {
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * Reads whole lines appended to a file since the last call. A partial last line waits for its newline;
 * a file that shrank (rotated or rewritten) is read again from the start.
 */
export class LineReader {
  readonly path: string;
  #offset: number;
  #partial = '';

  constructor(path: string, offset = 0) {
    this.path = path;
    this.#offset = offset;
  }

  readNew(): string[] {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    try {
      const size = fstatSync(fd).size;
      if (size < this.#offset) {
        this.#offset = 0;
        this.#partial = '';
      }
      if (size === this.#offset) return [];
      const buffer = Buffer.allocUnsafe(size - this.#offset);
      const read = readSync(fd, buffer, 0, buffer.length, this.#offset);
      this.#offset += read;
      const text = this.#partial + buffer.subarray(0, read).toString('utf8');
      const pieces = text.split('\n');
      this.#partial = pieces.pop() ?? '';
      return pieces.filter((line) => line.trim() !== '');
    } finally {
      closeSync(fd);
    }
  }
}

export interface ActiveFollowHandlers {
  /** The active transcript changed (null: ACTIVE is missing or empty). `history` are its last lines. */
  onSwitch(path: string | null, history: readonly string[]): void;
  /** New whole lines of the active transcript. */
  onLines(lines: readonly string[]): void;
}

export interface FollowOptions {
  /** Lines of history shown for the transcript active at start; a session that starts later is shown whole. */
  readonly history: number;
  /** Debounce for bursts of file events; small, so lines show well within 200 ms. */
  readonly debounceMs?: number;
}

/**
 * Follows the transcript ACTIVE names and switches when ACTIVE changes. Driven by directory watches on the
 * runtime dir (ACTIVE is replaced by rename) and the transcript's own directory; no polling loop.
 */
export function followActiveTranscript(
  workspace: Workspace,
  handlers: ActiveFollowHandlers,
  options: FollowOptions,
): Closer {
  let reader: LineReader | null = null;
  let transcriptWatch: Closer | undefined;
  let first = true;

  const checkActive = () => {
    const active = readActive(workspace);
    if (active === (reader?.path ?? null) && !first) return false;
    transcriptWatch?.close();
    transcriptWatch = undefined;
    if (active === null) {
      reader = null;
      handlers.onSwitch(null, []);
    } else {
      // The session active when we start may be long: show its tail; later sessions from their start.
      const { lines, end } = first ? lastLines(active, options.history) : { lines: [], end: 0 };
      reader = new LineReader(active, end);
      handlers.onSwitch(active, lines);
      const name = basename(active);
      transcriptWatch = watchDirectory(dirname(active), (changed) => {
        if (changed === null || changed === name) pump();
      });
      pump();
    }
    first = false;
    return true;
  };
  const pump = () => {
    if (reader === null) return;
    const lines = reader.readNew();
    if (lines.length > 0) handlers.onLines(lines);
  };
  const onRuntimeChange = debounce(() => {
    if (!checkActive()) pump();
  }, options.debounceMs ?? 20);
  const runtimeWatch = watchDirectory(workspace.runtimeDir, (name) => {
    if (name === null || name === 'ACTIVE' || name.startsWith('ACTIVE')) onRuntimeChange();
  });
  checkActive();
  return {
    close() {
      onRuntimeChange.cancel();
      runtimeWatch.close();
      transcriptWatch?.close();
    },
  };
}

/** The transcript of iteration `iter` of a run (its last one without `iter`); a clear error when there is none. */
export function findRunTranscript(workspace: Workspace, runId: string, iter?: number): TranscriptRef {
  const transcripts = listTranscripts(workspace, runId);
  if (transcripts.length === 0) {
    const what = existsSync(join(workspace.paths.runs, runId))
      ? `run '${runId}' has no transcripts in ${workspace.paths.transcripts}`
      : `no run '${runId}' (no runs/${runId}/ and no transcripts named after it)`;
    throw new AutosweError(`${what}; 'autoswe runs list' shows the runs`);
  }
  if (iter === undefined) return transcripts[transcripts.length - 1] as TranscriptRef;
  const match = transcripts.find((item) => item.iter === iter);
  if (match === undefined) {
    const known = transcripts.map((item) => item.iter).join(', ');
    throw new AutosweError(`run '${runId}' has no transcript for iteration ${iter} (it has: ${known})`);
  }
  return match;
}
