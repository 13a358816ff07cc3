import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { AutosweError, EXIT_USAGE, errorCode } from '../../base/errors.js';
import { openProblem } from './store.js';

/** One line of a file and the byte offset where it starts. */
export interface FileLine {
  readonly offset: number;
  readonly text: string;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Yields the lines of a file from the end backwards, starting before byte offset `before`
 * (default: the end). Reads fixed-size chunks from the end, so the cost depends on how many
 * lines are taken, not on the size of the file. Empty lines are skipped.
 */
export function* linesBackward(path: string, before?: number): Generator<FileLine> {
  let fd: number;
  try {
    // Never through a symbolic link (a VERDICTS pointing at /etc/passwd is not shown), never a FIFO's wait.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | constants.O_NONBLOCK);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw new AutosweError(`cannot read ${path}: it ${openProblem(error)}`, EXIT_USAGE);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new AutosweError(
        `cannot read ${path}: it ${stats.isDirectory() ? 'is a folder, not a file' : 'is not a regular file'}`,
        EXIT_USAGE,
      );
    }
    const size = stats.size;
    let position = Math.min(before ?? size, size);
    // The bytes after the last newline seen so far (a line whose start is further back), newest last
    // in reading order: kept as pieces and joined once, so a huge line costs O(its length), not O(n²).
    let carry: Buffer[] = [];
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    while (position > 0) {
      const length = Math.min(CHUNK_BYTES, position);
      position -= length;
      readSync(fd, chunk, 0, length, position);
      let end = length;
      for (
        let index = chunk.lastIndexOf(0x0a, end - 1);
        index >= 0;
        index = chunk.lastIndexOf(0x0a, end - 1)
      ) {
        const piece = Buffer.concat([chunk.subarray(index + 1, end), ...carry]);
        carry = [];
        end = index;
        if (piece.length > 0) yield { offset: position + index + 1, text: piece.toString('utf8') };
        if (end === 0) break;
      }
      // The chunk buffer is reused, so what is carried must be copied out of it.
      if (end > 0) carry.unshift(Buffer.from(chunk.subarray(0, end)));
    }
    const first = Buffer.concat(carry);
    if (first.length > 0) yield { offset: 0, text: first.toString('utf8') };
  } finally {
    closeSync(fd);
  }
}
