import { join } from 'node:path';
import { isJsonObject } from '../runtime/decode.js';
import { linesBackward } from '../runtime/lines.js';
import type { Workspace } from '../runtime/workspace.js';

/**
 * The latest operator events, for the TUI's events panel and its history view: the runtime dir's `EVENTS`
 * file (JSON Lines, one transition a line, docs/RUNTIME.md), read from its end. Tolerant on purpose: a
 * missing file is no events, a line that is not an object with a string `type` is skipped, and every other
 * key is optional. The one place the TUI reads events from, so a fuller reader can replace it.
 */
export interface OperatorEvent {
  readonly at: string | null;
  readonly type: string;
  readonly by: string | null;
  readonly reason: string | null;
}

export function eventsPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, 'EVENTS');
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The newest `limit` events, newest first; [] when there is no EVENTS file. */
export function readLatestEvents(workspace: Workspace, limit: number): OperatorEvent[] {
  const events: OperatorEvent[] = [];
  if (limit <= 0) return events;
  let scanned = 0;
  for (const line of linesBackward(eventsPath(workspace))) {
    // A file of junk must not be read whole for a handful of events.
    if (++scanned > limit * 20) break;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch {
      continue;
    }
    if (!isJsonObject(value)) continue;
    const record = value;
    const type = text(record.type);
    if (type === null) continue;
    events.push({ at: text(record.at), type, by: text(record.by), reason: text(record.reason) });
    if (events.length === limit) break;
  }
  return events;
}
