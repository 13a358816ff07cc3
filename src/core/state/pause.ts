import { recordEvent } from '../events/record.js';
import {
  type PauseOutcome,
  type PauseRequest,
  pause,
  type ResumeOutcome,
  resume,
} from '../runtime/sentinels.js';
import type { Workspace } from '../runtime/workspace.js';

/**
 * Pauses (PAUSE, and PAUSE_HARD when hard) and records a `paused` event when a sentinel was created; an
 * existing pause is kept as it is and records nothing. `by` is who the event names (default the
 * sentinel's user: `loop` for the loop's own pause, whose sentinel says `autoswe`).
 */
export async function pauseLoop(
  workspace: Workspace,
  request: PauseRequest & { readonly by?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<PauseOutcome> {
  const outcome = await pause(workspace, request);
  if (outcome.created.length > 0) {
    recordEvent(
      workspace,
      {
        type: 'paused',
        by: request.by ?? request.user,
        reason: request.reason,
        hard: outcome.created.includes('PAUSE_HARD'),
        ...(request.now === undefined ? {} : { at: request.now.toISOString() }),
      },
      env,
    );
  }
  return outcome;
}

/** `<timestamp> <user>: <reason>`, the sentinel line (docs/RUNTIME.md section 6), taken apart. */
export interface SentinelParts {
  readonly at: string | null;
  readonly user: string | null;
  readonly reason: string;
}

export function sentinelParts(text: string): SentinelParts {
  const match = /^(\d{4}-\d{2}-\d{2}T\S+)\s+([^:\s][^:]*?):\s?(.*)$/.exec(text);
  if (match === null || Number.isNaN(Date.parse(match[1] ?? '')))
    return { at: null, user: null, reason: text };
  return { at: match[1] ?? null, user: match[2] ?? null, reason: match[3] ?? '' };
}

/**
 * Removes both sentinels and, when one existed, records a `resumed` event carrying what resume deletes:
 * who paused, when and why, and how long the pause lasted. Returns the sentinels as they were.
 */
export function resumeLoop(
  workspace: Workspace,
  request: { readonly user: string; readonly reason?: string | undefined; readonly now?: Date },
  env: NodeJS.ProcessEnv = process.env,
): ResumeOutcome {
  const before = resume(workspace, request.now ?? new Date());
  const text = before.soft ?? before.hard;
  if (text === null) return before;
  const now = request.now ?? new Date();
  const parts = sentinelParts(text);
  const started = parts.at === null ? Number.NaN : Date.parse(parts.at);
  recordEvent(
    workspace,
    {
      at: now.toISOString(),
      type: 'resumed',
      by: request.user,
      reason: request.reason?.trim() || 'resumed by operator',
      hard: before.hard !== null,
      paused_by: parts.user,
      paused_at: parts.at,
      pause_reason: parts.reason,
      ...(Number.isNaN(started) ? {} : { duration_ms: Math.max(0, now.getTime() - started) }),
    },
    env,
  );
  return before;
}
