import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AutosweError, errorCode } from '../../base/errors.js';
import { type Infer, object, positiveInt, string } from './decode.js';
import { checkedForWrite, readJsonFile, withLock, writeFileAtomicSync } from './store.js';
import type { Workspace } from './workspace.js';

/** `<runtime>/run.lock`: who runs the loop on this workspace now. Stale once its pid is dead. */
export const runLockFile = object({
  pid: positiveInt,
  run: string,
  started_at: string,
  config: string,
});

export type RunLockInfo = Infer<typeof runLockFile>;

export function runLockPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, 'run.lock');
}

/**
 * The lock's holder, or null when there is none. A lock that does not decode (torn, hand-edited) names no
 * process that could be asked whether it is alive, so it counts as none and is taken over.
 */
export function readRunLock(workspace: Workspace): RunLockInfo | null {
  const read = readJsonFile(runLockPath(workspace), runLockFile);
  return read.kind === 'ok' ? read.value : null;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still alive.
    return errorCode(error) === 'EPERM';
  }
}

/**
 * Takes the run lock, refusing while another live process holds it; a lock whose pid is dead is taken
 * over. The check and the write happen under the workspace's inter-process lock, so two starts cannot both win.
 */
export async function acquireRunLock(workspace: Workspace, info: RunLockInfo): Promise<void> {
  await withLock(workspace.runtimeDir, workspace.paths.lock, async () => {
    const holder = readRunLock(workspace);
    if (holder !== null && pidAlive(holder.pid)) {
      throw new AutosweError(
        `a run is already live on this workspace: run ${holder.run} (pid ${holder.pid}, since ${holder.started_at}); ` +
          `stop it first, or remove ${runLockPath(workspace)} if that pid is not autoswe`,
      );
    }
    writeRunLock(workspace, info);
  });
}

/** Rewrites the lock we hold (to record the run id once it exists). */
export function writeRunLock(workspace: Workspace, info: RunLockInfo): void {
  const path = runLockPath(workspace);
  writeFileAtomicSync(path, `${JSON.stringify(checkedForWrite(path, runLockFile, info))}\n`);
}

/** Removes the run lock if it is still ours. */
export function releaseRunLock(workspace: Workspace, info: RunLockInfo): void {
  const holder = readRunLock(workspace);
  if (holder !== null && holder.pid === info.pid && holder.run === info.run) {
    rmSync(runLockPath(workspace), { force: true });
  }
}
