import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { errorCode, errorMessage } from '../../base/errors.js';
import { type Closer, watchDirectory } from './dir-watch.js';
import type { FileLine } from './lines.js';
import { openProblem } from './store.js';

/** Size of a file in bytes; 0 when it does not exist yet. */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * Reads the whole lines appended to a file since the last call, from a byte offset. Bytes after the
 * last newline wait for the rest of their line, so a line (or a multi-byte character) written in two
 * pieces is never split. A file that shrank or was replaced by another is read again from its start.
 */
export class AppendedLines {
  readonly path: string;
  #offset: number;
  #partial: Buffer = Buffer.alloc(0);
  #ino: number | undefined;

  constructor(path: string, offset = 0) {
    this.path = path;
    this.#offset = offset;
  }

  get offset(): number {
    return this.#offset;
  }

  /** The new whole lines (blank ones skipped), each with the byte offset where it starts. */
  read(): FileLine[] {
    let fd: number;
    try {
      // Never through a symbolic link, never a FIFO's wait (docs/RUNTIME.md section 8).
      fd = openSync(this.path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | constants.O_NONBLOCK);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw new Error(`it ${openProblem(error)}`);
    }
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile())
        throw new Error(stats.isDirectory() ? 'it is a folder, not a file' : 'it is not a regular file');
      const { size, ino } = stats;
      // Replaced (rotated, rewritten) or truncated: a different file, read from its start.
      if (size < this.#offset || (this.#ino !== undefined && ino !== this.#ino)) {
        this.#offset = 0;
        this.#partial = Buffer.alloc(0);
      }
      this.#ino = ino;
      if (size === this.#offset) return [];
      const fresh = Buffer.allocUnsafe(size - this.#offset);
      const count = readSync(fd, fresh, 0, fresh.length, this.#offset);
      const base = this.#offset - this.#partial.length;
      this.#offset += count;
      return this.#split(Buffer.concat([this.#partial, fresh.subarray(0, count)]), base);
    } finally {
      closeSync(fd);
    }
  }

  #split(bytes: Buffer, base: number): FileLine[] {
    const lines: FileLine[] = [];
    let start = 0;
    for (let index = bytes.indexOf(0x0a); index >= 0; index = bytes.indexOf(0x0a, start)) {
      const text = bytes.toString('utf8', start, index);
      if (text.trim() !== '') lines.push({ offset: base + start, text });
      start = index + 1;
    }
    this.#partial = Buffer.from(bytes.subarray(start));
    return lines;
  }
}

export interface FollowOptions {
  /** Byte offset to follow from (usually the size when the history was read). */
  readonly from: number;
  /** New whole lines, in file order. */
  readonly onLines: (lines: readonly FileLine[]) => void;
  /** A read failed (the file became unreadable); following goes on. */
  readonly onError?: (error: Error) => void;
  /** Slow fallback tick for filesystems where watch events do not arrive (default 2 s). */
  readonly tickMs?: number;
}

/**
 * Follows a file as it grows: a watch on its folder reads new lines as soon as they are appended,
 * a slow tick covers filesystems without watch events. The file may not exist yet.
 */
export function followFile(path: string, options: FollowOptions): Closer {
  const reader = new AppendedLines(path, options.from);
  const drain = () => {
    try {
      const lines = reader.read();
      if (lines.length > 0) options.onLines(lines);
    } catch (error) {
      options.onError?.(error instanceof Error ? error : new Error(errorMessage(error)));
    }
  };
  const name = basename(path);
  const watcher = watchDirectory(dirname(path), (changed) => {
    if (changed === null || changed === name) drain();
  });
  const tick = setInterval(drain, options.tickMs ?? 2_000);
  drain();
  return {
    close() {
      clearInterval(tick);
      watcher.close();
    },
  };
}
