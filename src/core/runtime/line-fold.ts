import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { AutosweError, EXIT_USAGE, errorCode } from '../../base/errors.js';
import { type Check, nonNegativeInt, object, string } from './decode.js';
import { openProblem, readJsonFile } from './store.js';
import { writeBestEffort } from './summaries.js';

/**
 * A summary of an append-only JSON Lines file (VERDICTS, COSTS) kept up to date by folding only the lines
 * appended since it was recorded (docs/RUNTIME.md section 15). The summary file is
 * `{"source":{"ino","offset","tail"},"value":…}`: `offset` is how many bytes of the source (whole lines)
 * are folded into `value`, `tail` the last 64 of them (base64). A reader folds the bytes from `offset` to the
 * end and records the new summary; a source with another inode, shorter than `offset` or whose bytes before
 * `offset` are not `tail` (replaced, truncated, rewritten in place) is folded again from the start.
 * So a reader's cost follows what was appended since the last reader, not the length of the file.
 */
const foldStamp = object({ ino: nonNegativeInt, offset: nonNegativeInt, tail: string });

/** The bytes just before `offset` (base64), checked again by the next reader: a file rewritten in place differs. */
const TAIL_BYTES = 64;

function tailAt(fd: number, offset: number): string {
  const length = Math.min(TAIL_BYTES, offset);
  const buffer = Buffer.alloc(length);
  if (length > 0) readSync(fd, buffer, 0, length, offset - length);
  return buffer.toString('base64');
}

export interface Fold<T> {
  /** The summary file. */
  readonly cache: string;
  /** The decoder of its `value`. */
  readonly value: Check<T>;
  /** A fresh value, for a fold from the start. */
  readonly init: () => T;
  /** Folds one line (its text, without the newline) into the value, in place. */
  readonly step: (value: T, line: string) => void;
  /** Called once after new lines were folded, before the summary is recorded (thinning a series). */
  readonly settle?: (value: T) => void;
}

const CHUNK_BYTES = 1024 * 1024;

/**
 * The value of the whole source (missing: `init()`), folding only what is new since the recorded summary.
 * A source that cannot be read (a folder, no permission) is an AutosweError naming it.
 */
export function foldLines<T>(source: string, fold: Fold<T>): T {
  return foldLinesWithin(source, fold, Number.POSITIVE_INFINITY) as T;
}

/**
 * As foldLines, but undefined when more than `maxBytes` are left to fold: `status`, run every few seconds,
 * never folds a long file from the start (a runtime dir it cannot write would make every run do it again).
 * The loop keeps both summaries current as it appends, so status normally finds a few lines to fold.
 */
export function foldLinesWithin<T>(source: string, fold: Fold<T>, maxBytes: number): T | undefined {
  try {
    return foldOpen(source, fold, maxBytes);
  } catch (error) {
    if (error instanceof AutosweError) throw error;
    // A folder, a symbolic link, no permission: one line, bad input (docs/RUNTIME.md section 8).
    throw new AutosweError(`cannot read ${source}: it ${openProblem(error)}`, EXIT_USAGE);
  }
}

function foldOpen<T>(source: string, fold: Fold<T>, maxBytes: number): T | undefined {
  let fd: number;
  try {
    fd = openSync(source, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | constants.O_NONBLOCK);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return fold.init();
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new AutosweError(
        `cannot read ${source}: it ${stats.isDirectory() ? 'is a folder, not a file' : 'is not a regular file'}`,
        EXIT_USAGE,
      );
    }
    const cached = readJsonFile(fold.cache, object({ source: foldStamp, value: fold.value }));
    let value: T;
    let offset: number;
    if (
      cached.kind === 'ok' &&
      cached.value.source.ino === stats.ino &&
      cached.value.source.offset <= stats.size &&
      // Rewritten in place (same inode, as long or longer): the bytes it ended on are not the same.
      cached.value.source.tail === tailAt(fd, cached.value.source.offset)
    ) {
      value = cached.value.value;
      offset = cached.value.source.offset;
    } else {
      value = fold.init();
      offset = 0;
    }
    if (offset === stats.size) return value;
    if (stats.size - offset > maxBytes) return undefined;
    const folded = foldFrom(fd, offset, stats.size, value, fold.step);
    if (folded === offset) return value;
    fold.settle?.(value);
    record(fold.cache, { source: { ino: stats.ino, offset: folded, tail: tailAt(fd, folded) }, value });
    return value;
  } finally {
    closeSync(fd);
  }
}

/** Folds the whole lines between `from` and `size`; returns the offset after the last newline folded. */
function foldFrom<T>(
  fd: number,
  from: number,
  size: number,
  value: T,
  step: (value: T, line: string) => void,
): number {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let position = from;
  let done = from;
  let carry: Buffer | null = null;
  while (position < size) {
    const length = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, size - position), position);
    if (length === 0) break;
    position += length;
    let start = 0;
    for (
      let index = chunk.indexOf(0x0a, 0);
      index >= 0 && index < length;
      index = chunk.indexOf(0x0a, start)
    ) {
      const piece: Buffer =
        carry === null ? chunk.subarray(start, index) : Buffer.concat([carry, chunk.subarray(start, index)]);
      carry = null;
      done = position - length + index + 1;
      if (piece.length > 0) step(value, piece.toString('utf8'));
      start = index + 1;
    }
    // A line continuing into the next chunk; the buffer is reused, so the piece is copied out.
    if (start < length) {
      const rest = Buffer.from(chunk.subarray(start, length));
      carry = carry === null ? rest : Buffer.concat([carry, rest]);
    }
  }
  // A last line without its newline is being written: it is folded by a later reader.
  return done;
}

/** Best effort, like the other summaries: one that cannot be written costs the next reader a fold. */
function record(path: string, data: unknown): void {
  writeBestEffort(path, JSON.stringify(data));
}

/** One point of a time series: `[bucket start (ms since epoch), …values]`. */
export type SeriesPoint = number[];

/** Series are kept at this resolution… */
export const SERIES_BUCKET_MS = 10 * 60_000;
/** …and thinned to one point an hour where older than this before the newest point. */
export const SERIES_FINE_MS = 48 * 3_600_000;

/** The entry for `key` in a summary's per-run/day/module record, made empty on first use. */
export function bucketOf<T>(map: { [key: string]: T }, key: string, empty: () => T): T {
  let entry = map[key];
  if (entry === undefined) {
    entry = empty();
    map[key] = entry;
  }
  return entry;
}

/** Puts `values` at time `at` into the series: it replaces the last point when in the same bucket. */
export function seriesPut(series: SeriesPoint[], at: number, values: readonly number[]): void {
  const bucket = Math.floor(at / SERIES_BUCKET_MS) * SERIES_BUCKET_MS;
  const last = series.at(-1);
  if (last !== undefined && last[0] !== undefined && last[0] >= bucket) {
    series[series.length - 1] = [last[0], ...values];
    return;
  }
  series.push([bucket, ...values]);
}

/** Keeps the last point of each hour for the part older than SERIES_FINE_MS before the newest point. */
export function seriesThin(series: SeriesPoint[]): void {
  const newest = series.at(-1)?.[0];
  if (newest === undefined || series.length < 2) return;
  const fineFrom = newest - SERIES_FINE_MS;
  const kept: SeriesPoint[] = [];
  for (let index = 0; index < series.length; index++) {
    const point = series[index] as SeriesPoint;
    const at = point[0] ?? 0;
    const next = series[index + 1];
    if (at >= fineFrom || next === undefined) {
      kept.push(point);
      continue;
    }
    const hour = Math.floor(at / 3_600_000);
    // Keep the last point of its hour (a later thinning keeps the same one).
    if (Math.floor((next[0] ?? 0) / 3_600_000) !== hour || (next[0] ?? 0) >= fineFrom) kept.push(point);
  }
  series.splice(0, series.length, ...kept);
}
