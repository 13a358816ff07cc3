import { renameSync, statSync, writeFileSync } from 'node:fs';
import { readJsonObject } from './store.js';

/**
 * Small files derived from large runtime files (parity counts, pending-rule counts), kept next to them
 * and valid for one version of the source (size, mtime, inode). status reads these every few seconds;
 * the sources grow with the run, so they are parsed only when they changed. Deleting one is always safe.
 */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

interface Derived<T> {
  readonly source: FileStamp;
  readonly value: T;
}

/** The source file's stamp; undefined when it does not exist. */
export function fileStamp(path: string): FileStamp | undefined {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats === undefined ? undefined : { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
}

/** The derived value recorded for exactly this version of the source, if any. */
export function readDerived<T>(cachePath: string, source: FileStamp): T | undefined {
  const read = readJsonObject<Derived<T>>(cachePath);
  if (read.kind !== 'ok') return undefined;
  const recorded = read.value.source;
  const same =
    recorded?.size === source.size && recorded.mtimeMs === source.mtimeMs && recorded.ino === source.ino;
  return same ? read.value.value : undefined;
}

/**
 * Records a value derived from the source as it was at `source` (stamp taken BEFORE reading it: if it
 * changed meanwhile, the next reader sees a newer stamp and derives again). Best effort: a cache that
 * cannot be written (read-only runtime dir) only costs the next reader a parse.
 */
export function writeDerived<T>(cachePath: string, source: FileStamp, value: T): void {
  const temp = `${cachePath}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify({ source, value } satisfies Derived<T>));
    renameSync(temp, cachePath);
  } catch {
    // Not worth failing a status or a write over.
  }
}
