import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { type JsonFileRead, readJsonObject, withLock, writeJsonAtomic } from './store.js';
import type { Workspace } from './workspace.js';

export const LOOP_STATUSES = ['IDLE', 'RUNNING', 'PAUSED', 'WEDGE_PAUSED', 'DONE', 'FAILED'] as const;
export type LoopStatus = (typeof LOOP_STATUSES)[number];

export const VERTICES = ['select', 'plan', 'implement', 'build', 'verify', 'judge', 'journey'] as const;
export type Vertex = (typeof VERTICES)[number];

export const STEP_NAMES = ['plan', 'judge', 'write'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface StepStatus {
  status?: string;
  at?: string;
  note?: string | null;
}

/** state.json (RUNTIME.md section 2). Unknown keys are kept by every writer. */
export interface LoopState {
  status?: LoopStatus;
  reason?: string;
  epoch?: number;
  iter?: number;
  module?: string | null;
  vertex?: Vertex | null;
  plan?: StepStatus;
  judge?: StepStatus;
  write?: StepStatus;
  autonomous?: boolean;
  run?: string;
  updated_at?: string;
  [key: string]: unknown;
}

export type StateRead = JsonFileRead<LoopState>;

/** Reads state.json: missing → `missing` (UNINITIALIZED), unparsable → `corrupt` with the parser's message. */
export function readState(workspace: Workspace): StateRead {
  return readJsonObject<LoopState>(workspace.paths.state);
}

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep merge: objects merge key by key, everything else replaces, `null` deletes the key. */
export function deepMerge(target: JsonObject, patch: JsonObject): JsonObject {
  const merged: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete merged[key];
    } else if (isJsonObject(value) && isJsonObject(merged[key])) {
      merged[key] = deepMerge(merged[key] as JsonObject, value);
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/** Parses a state-merge argument: a JSON object, else a usage error naming the input. */
export function parseStatePatch(text: string, source: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AutosweError(`${source} is not valid JSON: ${(error as Error).message}`, EXIT_USAGE);
  }
  if (!isJsonObject(value)) throw new AutosweError(`${source} must be a JSON object`, EXIT_USAGE);
  return value;
}

/** The one refusal every state writer gives for a corrupt file. */
export function corruptStateError(workspace: Workspace, message: string): AutosweError {
  return new AutosweError(
    `refusing to write: ${workspace.paths.state} is corrupt (${message}); fix or move it aside first`,
  );
}

/**
 * Read-modify-write of state.json under the lock. `update` gets the current state (empty when missing)
 * and returns the patch to deep-merge; a corrupt file is refused and left byte-for-byte as it is.
 */
export async function updateState(
  workspace: Workspace,
  update: (current: LoopState) => JsonObject | Promise<JsonObject>,
  now: () => Date = () => new Date(),
): Promise<LoopState> {
  return withLock(workspace.runtimeDir, workspace.paths.lock, async () => {
    const read = readState(workspace);
    if (read.kind === 'corrupt') throw corruptStateError(workspace, read.message);
    const current = read.kind === 'ok' ? read.value : {};
    const patch = await update(current);
    const next = deepMerge(current, patch) as LoopState;
    next.updated_at = now().toISOString();
    await writeJsonAtomic(workspace.paths.state, next);
    return next;
  });
}

export function mergeState(workspace: Workspace, patch: JsonObject, now?: () => Date): Promise<LoopState> {
  return updateState(workspace, () => patch, now);
}

/** A dotted path (`plan.status`) into a value; undefined when any step is missing. */
export function valueAtPath(value: unknown, keyPath: string): unknown {
  let current: unknown = value;
  for (const key of keyPath.split('.')) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
