import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { errorCode, errorMessage } from '../../base/errors.js';
import { readState } from './state.js';
import { writeFileAtomic } from './store.js';
import type { Workspace } from './workspace.js';

/** The text of PAUSE and PAUSE_HARD, or null where the file does not exist. */
export interface Sentinels {
  readonly soft: string | null;
  readonly hard: string | null;
}

export function readSentinels(workspace: Workspace): Sentinels {
  return { soft: readSentinel(workspace.paths.pause), hard: readHardPause(workspace) };
}

/** PAUSE_HARD's text, or null: all the hook needs (it runs before every agent tool call). */
export function readHardPause(workspace: Workspace): string | null {
  return readSentinel(workspace.paths.pauseHard);
}

/** Shown for a sentinel made without text (`touch .autoswe/PAUSE`), so the pause line still says something. */
export const EMPTY_SENTINEL = '(empty file, no reason given)';

/**
 * A sentinel's text as the pause line shows it: one line, even when the file was written by hand over
 * several. Any text is valid (the file's existence is what pauses); an empty one gets EMPTY_SENTINEL.
 */
export function decodeSentinel(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim() || EMPTY_SENTINEL;
}

function readSentinel(path: string): string | null {
  try {
    // Absent is the usual case: stat says so without an exception (a thrown ENOENT costs ~0.1 ms, and
    // status reads both sentinels on every run). Removed between the two calls: ENOENT below.
    if (statSync(path, { throwIfNoEntry: false }) === undefined) return null;
    return decodeSentinel(readFileSync(path, 'utf8'));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    // Unreadable but present still means paused: fail towards holding the loop.
    return `(unreadable: ${errorMessage(error)})`;
  }
}

/** `<timestamp> <user>: <reason>` (docs/RUNTIME.md section 6). */
export function sentinelLine(now: Date, user: string, reason: string): string {
  return `${now.toISOString()} ${user}: ${reason.replace(/\s*\n\s*/g, ' ').trim()}`;
}

export interface PauseRequest {
  readonly hard: boolean;
  readonly reason: string;
  readonly user: string;
  readonly now?: Date;
}

export interface PauseOutcome {
  /** Sentinel files this call created; empty when the loop was already paused that way. */
  readonly created: readonly ('PAUSE' | 'PAUSE_HARD')[];
  readonly sentinels: Sentinels;
}

/** Creates PAUSE (and PAUSE_HARD with `hard`); an existing sentinel is kept as it is, so pausing is idempotent. */
export async function pause(workspace: Workspace, request: PauseRequest): Promise<PauseOutcome> {
  const line = `${sentinelLine(request.now ?? new Date(), request.user, request.reason)}\n`;
  const before = readSentinels(workspace);
  const created: ('PAUSE' | 'PAUSE_HARD')[] = [];
  if (before.soft === null) {
    await writeFileAtomic(workspace.paths.pause, line);
    created.push('PAUSE');
  }
  if (request.hard && before.hard === null) {
    await writeFileAtomic(workspace.paths.pauseHard, line);
    created.push('PAUSE_HARD');
  }
  return { created, sentinels: readSentinels(workspace) };
}

/** What `resume` found: the sentinels it removed, and whether it cut a WAITING loop's wait short. */
export interface ResumeOutcome extends Sentinels {
  readonly retry: boolean;
}

/**
 * Removes both sentinels; returns which existed. Idempotent. A loop that is WAITING (a usage limit, a
 * model API error) also gets RETRY, which makes it retry at once instead of at `wait_until`.
 */
export function resume(workspace: Workspace, now: Date = new Date()): ResumeOutcome {
  const before = readSentinels(workspace);
  rmSync(workspace.paths.pauseHard, { force: true });
  rmSync(workspace.paths.pause, { force: true });
  const state = readState(workspace);
  const retry = state.kind === 'ok' && state.value.status === 'WAITING';
  if (retry) writeFileSync(workspace.paths.retry, `${now.toISOString()}\n`);
  return { ...before, retry };
}

/** Takes RETRY away; true when it was there. */
export function takeRetry(workspace: Workspace): boolean {
  if (statSync(workspace.paths.retry, { throwIfNoEntry: false }) === undefined) return false;
  rmSync(workspace.paths.retry, { force: true });
  return true;
}
