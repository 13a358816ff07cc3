import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AutosweError, errorCode } from '../../base/errors.js';
import {
  array,
  decode,
  type Infer,
  jsonObject,
  looseObject,
  nonNegativeInt,
  nullable,
  object,
  optional,
  picklist,
  positiveInt,
  record,
  string,
} from './decode.js';
import { sessionRecord } from './session-record.js';
import { checkedForWrite, readJsonFile, writeJsonAtomic } from './store.js';
import type { Workspace } from './workspace.js';

export const RUN_OUTCOMES = ['running', 'done', 'max_iters', 'interrupted', 'failed'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/**
 * `runs/<id>/run.json`: one config run of the loop (docs/RUNTIME.md section 1). `config` is the validated
 * config as it was when the run started, kept as a JSON object: reading a run needs no config schema.
 */
export const runFile = looseObject({
  id: string,
  started_at: string,
  ended_at: nullable(string),
  outcome: picklist(RUN_OUTCOMES),
  /** Why the run ended (for failed and interrupted), else null. */
  reason: nullable(string),
  pid: positiveInt,
  /** Absolute path of the config the run was started with. */
  config_file: string,
  config: jsonObject,
  epoch: nonNegativeInt,
  /** Iterations completed by this run. */
  iterations: nonNegativeInt,
  /** The newest agent session of the run (its `session` record plus `iter`), judged or not. */
  last_session: optional(sessionRecord),
  /** Agent sessions of this run per outcome (`{"ok":4,"api_error":2}`). */
  sessions: optional(record(nonNegativeInt)),
});

export type RunRecord = Infer<typeof runFile>;

/** The part of a run's config snapshot `runs show` prints. */
const runConfigView = object({
  target: string,
  agent: object({ adapter: string, command: optional(nullable(array(string))) }),
  modules: jsonObject,
});

export type RunConfigView = Infer<typeof runConfigView>;

/** What `runs show` prints of the config the run started with; null when the snapshot lacks it. */
export function runConfigShown(record: RunRecord): RunConfigView | null {
  const view = decode(runConfigView, record.config);
  return view.ok ? view.value : null;
}

export interface RunHandle {
  readonly record: RunRecord;
  readonly dir: string;
  /** `runs/<id>/loop.log`: the loop's own log lines. */
  readonly log: string;
}

const RUN_FILE = 'run.json';
const RUN_ID = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/;

/** The config a run starts with: its file, and whatever else it holds (kept in run.json as a snapshot). */
export interface RunConfig {
  readonly file: string;
}

/** A new run folder with run.json (outcome `running`). Ids sort by start time: `20261124T061500Z-3f2a`. */
export async function createRun(
  workspace: Workspace,
  config: RunConfig,
  options: { epoch?: number; pid?: number; now?: Date } = {},
): Promise<RunHandle> {
  const now = options.now ?? new Date();
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const id = `${stamp}-${randomBytes(2).toString('hex')}`;
  const dir = join(workspace.paths.runs, id);
  mkdirSync(dir, { recursive: true });
  const record: RunRecord = {
    id,
    started_at: now.toISOString(),
    ended_at: null,
    outcome: 'running',
    reason: null,
    pid: options.pid ?? process.pid,
    config_file: config.file,
    // A plain JSON object copy of the validated config: reading a run back needs no config schema.
    config: { ...config },
    epoch: options.epoch ?? 0,
    iterations: 0,
  };
  await writeRun(join(dir, RUN_FILE), record);
  return { record, dir, log: join(dir, 'loop.log') };
}

/** The one writer of run.json: the record is decoded first, so a reader never finds it corrupt. */
async function writeRun(path: string, record: RunRecord): Promise<void> {
  return writeJsonAtomic(path, checkedForWrite(path, runFile, record));
}

/** Merges `patch` into run.json (e.g. `iterations` after each iteration). */
export async function updateRun(
  workspace: Workspace,
  id: string,
  patch: Partial<RunRecord>,
): Promise<RunRecord> {
  const record = { ...readRun(workspace, id), ...patch };
  await writeRun(join(workspace.paths.runs, id, RUN_FILE), record);
  return record;
}

/** Records how the run ended. */
export function finishRun(
  workspace: Workspace,
  id: string,
  end: { outcome: Exclude<RunOutcome, 'running'>; reason?: string | null; iterations?: number },
): Promise<RunRecord> {
  const patch: Partial<RunRecord> = {
    ended_at: new Date().toISOString(),
    outcome: end.outcome,
    reason: end.reason ?? null,
  };
  if (end.iterations !== undefined) patch.iterations = end.iterations;
  return updateRun(workspace, id, patch);
}

/** run.json of one run; an unknown id or unreadable file is an error naming it. */
export function readRun(workspace: Workspace, id: string): RunRecord {
  const path = join(workspace.paths.runs, id, RUN_FILE);
  const read = readJsonFile(path, runFile);
  if (read.kind === 'missing')
    throw new AutosweError(`no run '${id}' (no ${path}); 'autoswe runs list' shows the runs`);
  if (read.kind === 'corrupt') throw new AutosweError(`${path} is corrupt: ${read.message}`);
  return read.value;
}

export type RunListing =
  | { readonly kind: 'ok'; readonly record: RunRecord }
  | { readonly kind: 'corrupt'; readonly id: string; readonly message: string };

/** The newest run folders and how many there are in all. */
export interface RunList {
  readonly runs: RunListing[];
  readonly total: number;
}

/**
 * The newest `limit` run folders, newest first (ids sort by start time, so only those run.json are read:
 * a loop that ran 2,000 times lists as fast as one that ran 20); an unreadable run.json is listed as
 * corrupt, never fatal.
 */
export function listRecentRuns(workspace: Workspace, limit = Number.POSITIVE_INFINITY): RunList {
  let names: string[];
  try {
    names = readdirSync(workspace.paths.runs, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return { runs: [], total: 0 };
  }
  const newest = names.sort().reverse().slice(0, limit);
  const runs = newest.map((id): RunListing => {
    const read = readJsonFile(join(workspace.paths.runs, id, RUN_FILE), runFile);
    if (read.kind === 'ok') return { kind: 'ok', record: { ...read.value, id } };
    return { kind: 'corrupt', id, message: read.kind === 'missing' ? `no ${RUN_FILE}` : read.message };
  });
  return { runs, total: names.length };
}

/** Every run folder, newest first. */
export function listRuns(workspace: Workspace): RunListing[] {
  return listRecentRuns(workspace).runs;
}

/** True while the run's process is alive and it has not recorded an end. */
export function isRunLive(record: RunRecord): boolean {
  if (record.outcome !== 'running') return false;
  try {
    process.kill(record.pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** Deletes all but the newest `keep` runs; a live run is never deleted. Returns the ids removed. */
export function pruneRuns(workspace: Workspace, keep: number): string[] {
  const removed: string[] = [];
  for (const entry of listRuns(workspace).slice(keep)) {
    if (entry.kind === 'ok' && isRunLive(entry.record)) continue;
    const id = entry.kind === 'ok' ? entry.record.id : entry.id;
    if (!RUN_ID.test(id) && entry.kind === 'corrupt') continue;
    rmSync(join(workspace.paths.runs, id), { recursive: true, force: true });
    removed.push(id);
  }
  return removed;
}
