import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { TAIL_BYTES, type Tail, tailOf } from './output.js';

/** Bytes read from a log's end to find its tail: several times the tail, so a cut line rarely matters. */
const READ_BYTES = 16 * TAIL_BYTES;

/** The end of a build or check log, bounded (output.ts `tailOf`); null when the file cannot be read. */
export function readLogTail(path: string | null): Tail | null {
  if (path === null) return null;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, READ_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    // A read that starts mid-file drops its first, partial line.
    const whole = size > length ? text.slice(text.indexOf('\n') + 1) : text;
    return tailOf(whole);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The tail as quoted in prompts and journey entries: `… (N earlier lines)` first when lines were left out. */
export function readLogExcerpt(path: string | null): string | null {
  const tail = readLogTail(path);
  if (tail === null) return null;
  return tail.omittedLines > 0 ? `… (${tail.omittedLines} earlier lines)\n${tail.text}` : tail.text;
}
