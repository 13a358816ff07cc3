import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { terminalLine } from '../../base/terminal-text.js';
import { readActiveTranscript } from '../runtime/active.js';
import { type Closer, debounce, watchDirectory } from '../runtime/dir-watch.js';
import { linesBackward } from '../runtime/lines.js';
import { fileSize, followFile } from '../runtime/tail.js';
import type { Workspace } from '../runtime/workspace.js';
import { listTranscripts, type TranscriptRef } from './writer.js';

/** The transcript ACTIVE names (resolved against the runtime dir if relative), or null when there is none. */
export function readActive(workspace: Workspace): string | null {
  const line = readActiveTranscript(workspace);
  if (line === null) return null;
  const path = isAbsolute(line) ? line : resolve(workspace.runtimeDir, line);
  // ACTIVE is a path: whatever wrote it, only a transcript of this workspace is ever followed and shown.
  if (!resolve(path).startsWith(`${workspace.paths.transcripts}${sep}`)) {
    throw new AutosweError(
      `${workspace.paths.active} names ${terminalLine(path, 300)}, not a file in ${workspace.paths.transcripts}; not followed`,
      EXIT_USAGE,
    );
  }
  return path;
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

export interface ActiveFollowHandlers {
  /** The active transcript changed (null: ACTIVE is missing or empty). `history` are its last lines. */
  onSwitch(path: string | null, history: readonly string[]): void;
  /** New whole lines of the active transcript. */
  onLines(lines: readonly string[]): void;
  /** The active transcript could not be read (permissions, I/O); following goes on. */
  onError?(error: Error): void;
}

export interface FollowOptions {
  /** Lines of history shown for the transcript active at start; a session that starts later is shown whole. */
  readonly history: number;
  /** Debounce for bursts of file events; small, so lines show well within 200 ms. */
  readonly debounceMs?: number;
}

/**
 * Follows the transcript ACTIVE names and switches when ACTIVE changes: a directory watch on the runtime dir
 * (ACTIVE is replaced by rename), and the transcript itself through the same `followFile` as `verdicts --follow`.
 */
export function followActiveTranscript(
  workspace: Workspace,
  handlers: ActiveFollowHandlers,
  options: FollowOptions,
): Closer {
  let current: string | null = null;
  let transcript: Closer | undefined;
  let first = true;

  const checkActive = () => {
    let active: string | null;
    try {
      active = readActive(workspace);
    } catch (error) {
      if (!(error instanceof AutosweError) || handlers.onError === undefined) throw error;
      handlers.onError(error);
      active = null;
    }
    if (active === current && !first) return;
    transcript?.close();
    transcript = undefined;
    current = active;
    if (active === null) {
      handlers.onSwitch(null, []);
    } else {
      // The session active when we start may be long: show its tail; later sessions from their start.
      const { lines, end } = first ? lastLines(active, options.history) : { lines: [], end: 0 };
      handlers.onSwitch(active, lines);
      transcript = followFile(active, {
        from: end,
        onLines: (batch) => handlers.onLines(batch.map((line) => line.text)),
        ...(handlers.onError ? { onError: handlers.onError } : {}),
      });
    }
    first = false;
  };
  const onRuntimeChange = debounce(checkActive, options.debounceMs ?? 20);
  const runtimeWatch = watchDirectory(workspace.runtimeDir, (name) => {
    if (name === null || name === 'ACTIVE' || name.startsWith('ACTIVE')) onRuntimeChange();
  });
  checkActive();
  return {
    close() {
      onRuntimeChange.cancel();
      runtimeWatch.close();
      transcript?.close();
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

/** A past transcript's lines in batches, for `watch-agent --replay`; unreadable is a clear error. */
export function readRunTranscript(
  workspace: Workspace,
  runId: string,
  iter?: number,
): { transcript: TranscriptRef; batches: Iterable<string[]> } {
  const transcript = findRunTranscript(workspace, runId, iter);
  let fd: number;
  try {
    fd = openSync(transcript.path, 'r');
  } catch (error) {
    throw new AutosweError(`cannot read ${transcript.path}: ${(error as Error).message}`);
  }
  return { transcript, batches: linesForward(fd, transcript.path) };
}

const BATCH_BYTES = 64 * 1024;

/**
 * The non-blank lines of an open file from its start, a batch per 64 KiB read, closing it at the end: a
 * transcript of a long session (1 GB and more) is shown as it is read, in bounded memory.
 */
function* linesForward(fd: number, path: string): Generator<string[]> {
  const chunk = Buffer.allocUnsafe(BATCH_BYTES);
  let carry: Buffer[] = [];
  try {
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, chunk, 0, BATCH_BYTES, null);
      } catch (error) {
        throw new AutosweError(`cannot read ${path}: ${(error as Error).message}`);
      }
      if (read === 0) break;
      const lines: string[] = [];
      let start = 0;
      for (let end = chunk.indexOf(0x0a, 0); end >= 0 && end < read; end = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, end);
        lines.push((carry.length > 0 ? Buffer.concat([...carry, piece]) : piece).toString('utf8'));
        carry = [];
        start = end + 1;
      }
      // The buffer is reused: the unfinished last line is copied out of it.
      if (start < read) carry.push(Buffer.from(chunk.subarray(start, read)));
      yield lines.filter((line) => line.trim() !== '');
    }
    const last = Buffer.concat(carry).toString('utf8');
    if (last.trim() !== '') yield [last];
  } finally {
    closeSync(fd);
  }
}
