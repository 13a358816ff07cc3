import { appendFileSync, statSync } from 'node:fs';
import { errorMessage } from '../../base/errors.js';
import { terminalLine } from '../../base/terminal-text.js';
import type { NotifyConfig } from '../config/types.js';
import { spokenDuration } from '../events/text.js';
import {
  type EventRecord,
  type NotifyCursor,
  offsetAfterEvent,
  parseEventLine,
  readEventsFrom,
  readNotifyCursor,
  writeNotifyCursor,
} from '../runtime/events.js';
import { tryLock } from '../runtime/store.js';
import type { Workspace } from '../runtime/workspace.js';
import { backoffMs, notificationOf, receiversOf, type SendOnce, wanted } from './send.js';

export interface DeliverOptions {
  readonly notify: NotifyConfig;
  /** The workspace's name, in every notification. */
  readonly name: string;
  readonly send: SendOnce;
  /** Where to start when there is no cursor yet (the offset of the event that started this notifier). */
  readonly from?: number | undefined;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface DeliverReport {
  /** Another notifier held the lock: it sends what is pending (and re-checks after letting go). */
  readonly busy: boolean;
  /** Events sent to every receiver, and events some receiver never took. */
  readonly sent: number;
  readonly failed: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends every event of EVENTS after the cursor that `notify.events` asks for, each once: the cursor
 * (notify.cursor.json) moves past a line as soon as it was handled, so a second notifier, or a second
 * watchdog pass, sends nothing again. One notifier per workspace at a time (notify.lock, taken or left at
 * once); after letting go it looks again, so an event recorded while it held the lock is not left behind.
 * A failing receiver is retried with a back-off and every attempt logged in notify.log.
 */
export async function deliverPending(workspace: Workspace, options: DeliverOptions): Promise<DeliverReport> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const release = await tryLock(workspace.runtimeDir, workspace.paths.notifyLock);
    if (release === null) return { busy: sent + failed === 0, sent, failed };
    try {
      const drained = await drain(workspace, options);
      sent += drained.sent;
      failed += drained.failed;
    } finally {
      await release().catch(() => undefined);
    }
    // Done when no whole line waits past the cursor: a torn last line (no newline yet) is the next
    // writer's to finish, and looping on it would spin.
    const cursor = readNotifyCursor(workspace)?.offset ?? 0;
    if (eventsSize(workspace) <= cursor || readEventsFrom(workspace, cursor).end === cursor)
      return { busy: false, sent, failed };
  }
}

function eventsSize(workspace: Workspace): number {
  return statSync(workspace.paths.events, { throwIfNoEntry: false })?.size ?? 0;
}

async function drain(
  workspace: Workspace,
  options: DeliverOptions,
): Promise<{ sent: number; failed: number }> {
  const now = options.now ?? (() => new Date());
  const log = (text: string) => notifyLog(workspace, now(), text);
  let sent = 0;
  let failed = 0;
  let cursor: NotifyCursor = readNotifyCursor(workspace) ?? {
    offset: Math.min(options.from ?? eventsSize(workspace), eventsSize(workspace)),
    id: null,
    at: now().toISOString(),
  };
  const move = async (offset: number, id: string | null) => {
    cursor = { offset, id, at: now().toISOString() };
    await writeNotifyCursor(workspace, cursor);
  };
  for (;;) {
    const read = readEventsFrom(workspace, cursor.offset);
    if (read.size < cursor.offset) {
      // EVENTS was cut or replaced by hand: go on after the last event handled if it is still there,
      // else from the end (sending the whole file again would flood the receivers).
      const after = cursor.id === null ? null : offsetAfterEvent(workspace, cursor.id);
      log(
        `EVENTS is shorter than the cursor (${read.size} < ${cursor.offset} bytes); ${after === null ? 'going on from its end' : `going on after ${cursor.id}`}`,
      );
      await move(after ?? read.size, cursor.id);
      continue;
    }
    if (read.lines.length === 0) {
      if (read.end !== cursor.offset) await move(read.end, cursor.id);
      return { sent, failed };
    }
    for (const line of read.lines) {
      const entry = parseEventLine(line);
      if (entry.kind === 'event' && wanted(options.notify, entry.event.type)) {
        if (await deliverOne(entry.event, options, log)) sent++;
        else failed++;
      }
      await move(line.next, entry.kind === 'event' ? entry.event.id : cursor.id);
    }
    if (read.end > cursor.offset) await move(read.end, cursor.id);
  }
}

/** Sends one event to each receiver (at once, so a hung webhook does not hold the command back). */
async function deliverOne(
  event: EventRecord,
  options: DeliverOptions,
  log: (text: string) => void,
): Promise<boolean> {
  const sleep = options.sleep ?? realSleep;
  const notification = notificationOf(event, options.name);
  const attempts = options.notify.retries + 1;
  const results = await Promise.all(
    receiversOf(options.notify).map(async (receiver) => {
      const label = `${event.id} ${event.type} → ${receiver}`;
      for (let attempt = 1; ; attempt++) {
        const result = await options
          .send(receiver, notification)
          .catch((error: unknown) => ({ ok: false, detail: errorMessage(error) }));
        const detail = oneLine(result.detail);
        if (result.ok) {
          log(`${label}: delivered (${detail})${attempt > 1 ? ` on attempt ${attempt}` : ''}`);
          return true;
        }
        if (attempt >= attempts) {
          log(`${label}: gave up after ${attempt} attempt(s): ${detail}`);
          return false;
        }
        const wait = backoffMs(attempt);
        log(
          `${label}: attempt ${attempt} of ${attempts} failed (${detail}); next in ${spokenDuration(wait)}`,
        );
        await sleep(wait);
      }
    }),
  );
  return results.every(Boolean);
}

function oneLine(text: string): string {
  return terminalLine(text, 300);
}

/** Appends `<timestamp> <text>` to notify.log; a log that cannot be written is not worth failing for. */
export function notifyLog(workspace: Workspace, at: Date, text: string): void {
  try {
    appendFileSync(workspace.paths.notifyLog, `${at.toISOString()} ${text}\n`);
  } catch {
    // Nowhere else to say it: the notifier runs detached.
  }
}
