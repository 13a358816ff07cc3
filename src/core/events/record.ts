import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { errorMessage } from '../../base/errors.js';
import { kickNotifier } from '../notify/kick.js';
import { appendEvent, type EventFields, type EventRecord } from '../runtime/events.js';
import type { Workspace } from '../runtime/workspace.js';

/** What a caller says about a transition; `id` and `at` are filled in. */
export type EventInput = Omit<EventFields, 'id' | 'at'> & { readonly at?: string };

export type RecordOutcome =
  | { readonly ok: true; readonly event: EventRecord }
  | { readonly ok: false; readonly message: string };

/** `ev-20261124T061500123Z-3f2a1c`: sorts by time, unique across processes. */
export function newEventId(at: string): string {
  return `ev-${at.replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Records one operator event (docs/RUNTIME.md section 21): appends it to EVENTS, then starts the notifier
 * in the background when autoswe.yaml has `notify:` (it sends what its `events:` list asks for). Never
 * throws and never waits for a receiver: an event that cannot be recorded must not stop the transition it
 * describes, so the outcome says so and callers may ignore it.
 */
export function recordEvent(
  workspace: Workspace,
  input: EventInput,
  env: NodeJS.ProcessEnv = process.env,
): RecordOutcome {
  const { type, by, reason, at: givenAt, ...rest } = input;
  const at = givenAt ?? new Date().toISOString();
  // The keys every line has first, so the file reads well.
  const event: EventRecord = { id: newEventId(at), at, type, by, reason, ...rest };
  try {
    appendEvent(workspace, event);
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
  kickNotifier(workspace, env, offsetOf(workspace, event));
  return { ok: true, event };
}

/** Where the line just appended starts (the notifier's first line when it has no cursor yet). */
function offsetOf(workspace: Workspace, event: EventRecord): number {
  try {
    return Math.max(
      0,
      statSync(workspace.paths.events).size - Buffer.byteLength(`${JSON.stringify(event)}\n`),
    );
  } catch {
    return 0;
  }
}
