import { type JsonFileRead, readJsonObject, writeJsonAtomic } from './store.js';
import type { Workspace } from './workspace.js';

/** HEARTBEAT (docs/RUNTIME.md section 6). */
export interface Heartbeat {
  at: string;
  pid: number;
  run: string;
  epoch: number;
  iter: number;
  vertex: string | null;
}

export type HeartbeatRead = JsonFileRead<Heartbeat>;

export function readHeartbeat(workspace: Workspace): HeartbeatRead {
  return readJsonObject<Heartbeat>(workspace.paths.heartbeat);
}

/** Milliseconds since the heartbeat's `at`, or null when `at` is not a timestamp. */
export function heartbeatAgeMs(heartbeat: Heartbeat, now: Date): number | null {
  const at = Date.parse(heartbeat.at);
  return Number.isNaN(at) ? null : Math.max(0, now.getTime() - at);
}

export function writeHeartbeat(workspace: Workspace, heartbeat: Heartbeat): Promise<void> {
  return writeJsonAtomic(workspace.paths.heartbeat, heartbeat);
}
