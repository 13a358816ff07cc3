import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import {
  type Check,
  type Infer,
  nonEmptyString,
  nonNegativeInt,
  number,
  object,
  picklist,
} from './decode.js';
import { readJsonFile, removeStaleTemps, tempPathFor } from './store.js';

/**
 * Small files derived from large runtime files (parity counts, pending-rule counts, the proxy base of
 * autoswe.yaml), kept next to them and valid for one version of the source (size, mtime, inode). status
 * reads these every few seconds; the sources grow with the run, so they are parsed only when they changed.
 * Each is `{"source": <stamp>, "value": …}`; one that does not decode is ignored. Deleting one is always safe.
 */
const fileStampCheck = object({ size: nonNegativeInt, mtimeMs: number, ino: nonNegativeInt });

export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** The source file's stamp; undefined when it does not exist. */
export function fileStamp(path: string): FileStamp | undefined {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats === undefined ? undefined : { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
}

/** The derived value recorded for exactly this version of the source, if any (and if it decodes). */
export function readDerived<T>(cachePath: string, source: FileStamp, value: Check<T>): T | undefined {
  const read = readJsonFile(cachePath, object({ source: fileStampCheck, value }));
  if (read.kind !== 'ok') return undefined;
  const recorded = read.value.source;
  const same =
    recorded.size === source.size && recorded.mtimeMs === source.mtimeMs && recorded.ino === source.ino;
  return same ? read.value.value : undefined;
}

/**
 * Records a value derived from the source as it was at `source` (stamp taken BEFORE reading it: if it
 * changed meanwhile, the next reader sees a newer stamp and derives again). Best effort: a cache that
 * cannot be written (read-only runtime dir) only costs the next reader a parse.
 */
export function writeDerived<T>(cachePath: string, source: FileStamp, value: T): void {
  writeBestEffort(cachePath, JSON.stringify({ source, value }));
}

/**
 * A derived file's write: a temp file of autoswe's own naming (made new, never through a link planted
 * there, cleaned up after a killed writer like every other), then rename; no fsync, since a lost summary
 * is derived again. Nothing is thrown: a read-only runtime dir only costs the next reader a fold.
 */
export function writeBestEffort(path: string, text: string): void {
  removeStaleTemps(path);
  const temp = tempPathFor(path);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}

/**
 * config.summary.json's value: `proxy.base` as parsed from one version of autoswe.yaml (see
 * src/core/config/proxy-base.ts), so `status` loads the YAML parser only after the file changed.
 */
export const recordedProxyBase = object({
  base: nonEmptyString,
  source: picklist(['autoswe.yaml', 'default']),
});

export type RecordedProxyBase = Infer<typeof recordedProxyBase>;

export const CONFIG_SUMMARY_FILE = 'config.summary.json';
