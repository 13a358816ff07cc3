import { parseEventLine } from '../runtime/events.js';
import { linesBackward } from '../runtime/lines.js';
import type { Workspace } from '../runtime/workspace.js';

/**
 * The latest operator events, for the TUI's events panel and its history view: EVENTS (docs/RUNTIME.md
 * section 21) through its one decoder, read from its end. A missing file is no events; a line that does
 * not decode is left out here (`autoswe history` shows it raw).
 */
export interface OperatorEvent {
  readonly at: string;
  readonly type: string;
  readonly by: string;
  readonly reason: string | null;
}

/** A file of junk is not read whole for a handful of events: at most this many lines a wanted event. */
const LINES_PER_EVENT = 20;

/** The newest `limit` events, newest first; [] when there is no EVENTS file. */
export function readLatestEvents(workspace: Workspace, limit: number): OperatorEvent[] {
  const events: OperatorEvent[] = [];
  if (limit <= 0) return events;
  let scanned = 0;
  // Read from the end only as far as the events shown: this runs on every refresh of the TUI.
  for (const line of linesBackward(workspace.paths.events)) {
    if (++scanned > limit * LINES_PER_EVENT) break;
    const entry = parseEventLine(line);
    if (entry.kind !== 'event') continue;
    const { at, type, by, reason } = entry.event;
    events.push({ at, type, by, reason });
    if (events.length === limit) break;
  }
  return events;
}
