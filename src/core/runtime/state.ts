import { AutosweError, EXIT_USAGE, errorMessage } from '../../base/errors.js';
import { buildState, checkStates } from './build-record.js';
import {
  boolean,
  type Infer,
  isJsonObject,
  looseObject,
  nonNegativeInt,
  nullable,
  object,
  optional,
  picklist,
  string,
} from './decode.js';
import { checkedForWrite, type JsonFileRead, readJsonFile, withLock, writeJsonAtomic } from './store.js';
import type { Workspace } from './workspace.js';

export const LOOP_STATUSES = [
  'IDLE',
  'RUNNING',
  'WAITING',
  'PAUSED',
  'WEDGE_PAUSED',
  'DONE',
  'MAX_ITERS',
  'FAILED',
] as const;
export type LoopStatus = (typeof LOOP_STATUSES)[number];

export const VERTICES = ['select', 'plan', 'implement', 'build', 'verify', 'judge', 'journey'] as const;
export type Vertex = (typeof VERTICES)[number];

export const STEP_NAMES = ['plan', 'judge', 'write'] as const;
export type StepName = (typeof STEP_NAMES)[number];

const stepStatus = object({
  status: optional(string),
  at: optional(string),
  note: optional(nullable(string)),
});

export type StepStatus = Infer<typeof stepStatus>;

/** state.json (docs/RUNTIME.md section 2). Unknown keys are kept by every writer. */
export const stateFile = looseObject({
  status: optional(picklist(LOOP_STATUSES)),
  reason: optional(string),
  /** While WAITING: when the loop retries by itself (docs/RUNTIME.md section 2). */
  wait_until: optional(string),
  epoch: optional(nonNegativeInt),
  iter: optional(nonNegativeInt),
  module: optional(nullable(string)),
  vertex: optional(nullable(picklist(VERTICES))),
  plan: optional(stepStatus),
  judge: optional(stepStatus),
  write: optional(stepStatus),
  autonomous: optional(boolean),
  run: optional(string),
  updated_at: optional(string),
  /** The last build and each check's last result (docs/RUNTIME.md section 2). */
  build: optional(buildState),
  checks: optional(checkStates),
});

export type LoopState = Infer<typeof stateFile>;

export type StateRead = JsonFileRead<LoopState>;

/**
 * Reads state.json: missing → `missing` (UNINITIALIZED); unparsable, or a known key of the wrong type →
 * `corrupt` with one line saying why.
 */
export function readState(workspace: Workspace): StateRead {
  return readJsonFile(workspace.paths.state, stateFile);
}

export type JsonObject = { [key: string]: unknown };

/** Deep merge: objects merge key by key, everything else replaces, `null` deletes the key. */
export function deepMerge(target: JsonObject, patch: JsonObject): JsonObject {
  const merged: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete merged[key];
      continue;
    }
    const current = merged[key];
    if (isJsonObject(value) && isJsonObject(current)) {
      merged[key] = deepMerge(current, value);
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
    throw new AutosweError(`${source} is not valid JSON: ${errorMessage(error)}`, EXIT_USAGE);
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
    const merged = { ...deepMerge(current, patch), updated_at: now().toISOString() };
    // Decoded before anything is written: a patch giving a known key the wrong type changes nothing.
    const next = checkedForWrite(workspace.paths.state, stateFile, merged);
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
