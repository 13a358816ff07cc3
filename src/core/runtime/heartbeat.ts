import { type Infer, nonNegativeInt, nullable, object, picklist, positiveInt, string } from './decode.js';
import { VERTICES } from './state.js';
import { checkedForWrite, type JsonFileRead, readJsonFile, writeJsonAtomic } from './store.js';
import type { Workspace } from './workspace.js';

/** HEARTBEAT (docs/RUNTIME.md section 6): every key is written every time. */
export const heartbeatFile = object({
  at: string,
  pid: positiveInt,
  run: string,
  epoch: nonNegativeInt,
  iter: nonNegativeInt,
  vertex: nullable(picklist(VERTICES)),
});

export type Heartbeat = Infer<typeof heartbeatFile>;

export type HeartbeatRead = JsonFileRead<Heartbeat>;

export function readHeartbeat(workspace: Workspace): HeartbeatRead {
  return readJsonFile(workspace.paths.heartbeat, heartbeatFile);
}

/** Milliseconds since the heartbeat's `at`, or null when `at` is not a timestamp. */
export function heartbeatAgeMs(heartbeat: Heartbeat, now: Date): number | null {
  const at = Date.parse(heartbeat.at);
  return Number.isNaN(at) ? null : Math.max(0, now.getTime() - at);
}

export async function writeHeartbeat(workspace: Workspace, heartbeat: Heartbeat): Promise<void> {
  const path = workspace.paths.heartbeat;
  return writeJsonAtomic(path, checkedForWrite(path, heartbeatFile, heartbeat));
}
