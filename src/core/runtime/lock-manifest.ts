import { type Infer, object, record, string } from './decode.js';
import { checkedForWrite, type JsonFileRead, readJsonFile, writeJsonAtomic } from './store.js';
import type { Workspace } from './workspace.js';

/** LOCK.json (docs/RUNTIME.md section 7): sha256 of every protected file, by path relative to the root. */
export const lockManifestFile = object({ at: string, files: record(string) });

export type LockManifest = Infer<typeof lockManifestFile>;

export function readLockManifest(workspace: Workspace): JsonFileRead<LockManifest> {
  return readJsonFile(workspace.paths.lockManifest, lockManifestFile);
}

/** Replaces LOCK.json atomically. */
export async function writeLockManifest(workspace: Workspace, manifest: LockManifest): Promise<void> {
  const path = workspace.paths.lockManifest;
  return writeJsonAtomic(path, checkedForWrite(path, lockManifestFile, manifest));
}
