import { closeSync } from 'node:fs';
import { AutosweError, EXIT_USAGE, errorMessage } from '../../base/errors.js';
import {
  boolean,
  decode,
  type Infer,
  looseObject,
  nonEmptyString,
  nonNegativeInt,
  nullable,
  type ObjectOf,
  optional,
  string,
} from './decode.js';
import { type FileLine, linesBackward } from './lines.js';
import {
  appendLine,
  checkedForWrite,
  openRegularFile,
  readAt,
  readJsonFile,
  writeJsonAtomic,
} from './store.js';
import type { Workspace } from './workspace.js';

/**
 * The operator events of EVENTS (docs/RUNTIME.md section 21): one line per transition of the loop, who
 * made it and why. A writer may add a type this list does not know yet: readers show it as it is.
 */
export const EVENT_TYPES = [
  'run.started',
  'run.ended',
  'paused',
  'resumed',
  'wait.started',
  'wait.ended',
  'wedge',
  'rule.proposed',
  'rule.decided',
  'rule.applied',
  'module.set-aside',
  'flip',
  'epoch.reset',
  'service.started',
  'service.stopped',
  'service.failed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One EVENTS line. Every key after `reason` is optional and typed when present; unknown keys are kept. */
const eventShape = {
  /** `ev-<time>-<hex>`: unique, and sorts by time; what the notifier's cursor names. */
  id: nonEmptyString,
  at: string,
  type: nonEmptyString,
  /** A user name, or `loop`, `watchdog`, `meta-judge`, `systemd`, `breaker`, `budget`, … */
  by: string,
  reason: nullable(string),
  run: optional(string),
  epoch: optional(nonNegativeInt),
  iter: optional(nonNegativeInt),
  module: optional(string),
  /** A rule proposal's id (`r-…`). */
  rule: optional(string),
  /** A systemd unit (`autoswe@parser.service`). */
  unit: optional(string),
  /** run.ended: the run's outcome (`done`, `max_iters`, `interrupted`, `failed`) and state status. */
  outcome: optional(string),
  status: optional(string),
  iterations: optional(nonNegativeInt),
  /** paused / resumed: a hard pause (PAUSE_HARD). */
  hard: optional(boolean),
  /** resumed: who paused, when and why, as the sentinel said before resume removed it. */
  paused_by: optional(nullable(string)),
  paused_at: optional(nullable(string)),
  pause_reason: optional(nullable(string)),
  /** resumed, wait.ended: how long the pause or the wait lasted. */
  duration_ms: optional(nonNegativeInt),
  /** wait.started: when the wait is expected to end, when known. */
  until: optional(nullable(string)),
  /** rule.decided: approved or rejected; rule.proposed: the proposal's kind. */
  decision: optional(string),
  kind: optional(string),
  /** flip: whether RED cells were overridden, and how many. */
  forced: optional(boolean),
  red: optional(nonNegativeInt),
  /** epoch.reset: the epoch that ended. */
  previous: optional(nonNegativeInt),
};

export const eventLine = looseObject(eventShape);

/** The known keys of an event, without the unknown ones a line may carry too. */
export type EventFields = ObjectOf<typeof eventShape>;
export type EventRecord = Infer<typeof eventLine>;

/** A line as read: an event, or raw text when it does not decode (shown, never fatal). */
export type EventEntry =
  | { readonly kind: 'event'; readonly offset: number; readonly event: EventRecord }
  | { readonly kind: 'raw'; readonly offset: number; readonly text: string };

export function eventEntryJson(entry: EventEntry): EventRecord | { raw: string } {
  return entry.kind === 'event' ? entry.event : { raw: entry.text };
}

export function parseEventLine(line: FileLine): EventEntry {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    // Not JSON: raw below.
  }
  const event = decode(eventLine, value);
  if (event.ok) return { kind: 'event', offset: line.offset, event: event.value };
  return { kind: 'raw', offset: line.offset, text: line.text };
}

/** Appends one event as one whole line (O_APPEND, one write): concurrent writers never interleave. */
export function appendEvent(workspace: Workspace, event: EventRecord): void {
  const path = workspace.paths.events;
  appendLine(path, checkedForWrite(path, eventLine, event));
}

export interface EventQuery {
  readonly limit: number;
  /** Only lines starting before this byte offset (a page cursor). */
  readonly before?: number | undefined;
  /** Only these types (exact). Raw lines never match a filter. */
  readonly types?: readonly string[] | undefined;
  /** Only events at or after this timestamp: reading stops at the first older event. */
  readonly since?: string | undefined;
}

export interface EventPage {
  /** Newest first. */
  readonly entries: readonly EventEntry[];
  readonly nextBefore: number | null;
}

/** Reads EVENTS from the end backwards; an unreadable file (a folder, no permission) is an AutosweError. */
export function queryEvents(workspace: Workspace, query: EventQuery): EventPage {
  const path = workspace.paths.events;
  try {
    const entries: EventEntry[] = [];
    if (query.limit <= 0) return { entries, nextBefore: query.before ?? null };
    // Raw lines fail a type filter; between events of the --since window they are shown.
    const filtered = query.types !== undefined;
    for (const line of linesBackward(path, query.before)) {
      const entry = parseEventLine(line);
      if (query.since !== undefined && entry.kind === 'event' && entry.event.at < query.since) {
        return { entries, nextBefore: null };
      }
      if (filtered && !matches(entry, query)) continue;
      entries.push(entry);
      if (entries.length === query.limit)
        return { entries, nextBefore: entry.offset > 0 ? entry.offset : null };
    }
    return { entries, nextBefore: null };
  } catch (error) {
    // linesBackward's errors already name the file.
    if (error instanceof AutosweError) throw error;
    throw new AutosweError(`cannot read ${path}: ${errorMessage(error)}`);
  }
}

function matches(entry: EventEntry, query: EventQuery): boolean {
  if (entry.kind !== 'event') return false;
  return query.types === undefined || query.types.includes(entry.event.type);
}

/** A line read forwards: where it starts, and where the next one does. */
export interface ForwardLine extends FileLine {
  readonly next: number;
}

/** Complete lines from `offset` on, oldest first, read forwards (what the notifier has not handled yet). */
export interface ForwardRead {
  readonly lines: readonly ForwardLine[];
  /** The offset just after the last complete line read: where the next read starts. */
  readonly end: number;
  readonly size: number;
}

const FORWARD_MAX_BYTES = 1024 * 1024;

/** Reads up to ~1 MiB of whole lines starting at `offset`; a last line without its newline waits. */
export function readEventsFrom(workspace: Workspace, offset: number): ForwardRead {
  const path = workspace.paths.events;
  const file = openRegularFile(path);
  if (file.kind === 'missing') return { lines: [], end: offset, size: 0 };
  if (file.kind === 'corrupt') throw new AutosweError(`cannot read ${path}: it ${file.message}`, EXIT_USAGE);
  try {
    const size = file.size;
    if (offset >= size) return { lines: [], end: offset, size };
    const buffer = readAt(file.fd, offset, Math.min(size - offset, FORWARD_MAX_BYTES));
    const lines: ForwardLine[] = [];
    let start = 0;
    for (let index = buffer.indexOf(0x0a, 0); index >= 0; index = buffer.indexOf(0x0a, start)) {
      const text = buffer.subarray(start, index).toString('utf8');
      if (text.trim() !== '') lines.push({ offset: offset + start, text, next: offset + index + 1 });
      start = index + 1;
    }
    // One line longer than the whole read: skip it rather than stall behind it for ever.
    if (start === 0 && buffer.length === FORWARD_MAX_BYTES) {
      return { lines: [], end: offset + buffer.length, size };
    }
    return { lines, end: offset + start, size };
  } finally {
    closeSync(file.fd);
  }
}

/**
 * `notify.cursor.json`: how far the notifier got in EVENTS. `offset` is the byte after the last line it
 * handled (sent, given up on, or not a type it sends), `id` that line's event id when it was one.
 */
export const notifyCursorFile = looseObject({
  offset: nonNegativeInt,
  id: nullable(string),
  at: string,
});

export type NotifyCursor = Infer<typeof notifyCursorFile>;

export function readNotifyCursor(workspace: Workspace): NotifyCursor | null {
  const read = readJsonFile(workspace.paths.notifyCursor, notifyCursorFile);
  return read.kind === 'ok' ? read.value : null;
}

export async function writeNotifyCursor(workspace: Workspace, cursor: NotifyCursor): Promise<void> {
  await writeJsonAtomic(
    workspace.paths.notifyCursor,
    checkedForWrite(workspace.paths.notifyCursor, notifyCursorFile, cursor),
  );
}

/** The byte offset just after the line holding event `id`, or null (searched from the end). */
export function offsetAfterEvent(workspace: Workspace, id: string): number | null {
  for (const line of linesBackward(workspace.paths.events)) {
    const entry = parseEventLine(line);
    if (entry.kind === 'event' && entry.event.id === id) {
      return line.offset + Buffer.byteLength(line.text, 'utf8') + 1;
    }
  }
  return null;
}
