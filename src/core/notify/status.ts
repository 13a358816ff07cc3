import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { currentUser } from '../../base/identity.js';
import type { LoopConfig, NotifyConfig } from '../config/types.js';
import { newEventId } from '../events/record.js';
import { type EventRecord, readNotifyCursor } from '../runtime/events.js';
import { linesBackward } from '../runtime/lines.js';
import type { Workspace } from '../runtime/workspace.js';
import { type Attempt, notificationOf, type ReceiverKind, receiversOf, type SendOnce } from './send.js';

/** The name notifications carry: `name:`, else the folder's name (even one systemd could not take). */
export function notifyName(config: Pick<LoopConfig, 'name' | 'root'>): string {
  return config.name ?? basename(config.root);
}

export interface NotifyStatus {
  readonly configured: boolean;
  readonly receivers: readonly { readonly kind: ReceiverKind; readonly target: string }[];
  readonly events: readonly string[];
  /** Bytes of EVENTS after the cursor: not handled yet (0 when all were). */
  readonly pendingBytes: number;
  readonly cursor: { readonly offset: number; readonly id: string | null; readonly at: string } | null;
  /** The last lines of notify.log, oldest first. */
  readonly log: readonly string[];
}

/** What `notify` shows: receivers (a webhook by its host only: its path is often the secret), backlog, log. */
export function notifyStatus(workspace: Workspace, notify: NotifyConfig | null, logLines = 10): NotifyStatus {
  const cursor = readNotifyCursor(workspace);
  const size = statSync(workspace.paths.events, { throwIfNoEntry: false })?.size ?? 0;
  const receivers =
    notify === null
      ? []
      : receiversOf(notify).map((kind) => ({
          kind,
          target: kind === 'command' ? (notify.command ?? []).join(' ') : webhookShown(notify.webhook ?? ''),
        }));
  return {
    configured: notify !== null,
    receivers,
    events: notify?.events ?? [],
    pendingBytes: cursor === null ? 0 : Math.max(0, size - cursor.offset),
    cursor,
    log: lastLines(workspace.paths.notifyLog, logLines),
  };
}

/** `https://hooks.example.com/…`: a webhook's path and query often are its secret. */
export function webhookShown(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…`;
  } catch {
    return '(not a URL)';
  }
}

/** The log's last lines, read from its end (notify.log grows with every attempt). */
function lastLines(path: string, count: number): string[] {
  const lines: string[] = [];
  try {
    for (const line of linesBackward(path)) {
      if (lines.length === count) break;
      lines.push(line.text);
    }
  } catch {
    // Unreadable (a folder, a link): no lines, as before.
  }
  return lines.reverse();
}

export interface TestResult {
  readonly receiver: ReceiverKind;
  readonly attempt: Attempt;
}

/** `notify --test`: one test event to each receiver, once, at once; nothing is recorded in EVENTS. */
export async function sendTestEvent(
  config: LoopConfig,
  notify: NotifyConfig,
  send: SendOnce,
  env: NodeJS.ProcessEnv,
): Promise<TestResult[]> {
  const at = new Date().toISOString();
  const event: EventRecord = {
    id: newEventId(at),
    at,
    type: 'test',
    by: currentUser(env),
    reason: 'a test from autoswe notify --test',
  };
  const notification = notificationOf(event, notifyName(config));
  return Promise.all(
    receiversOf(notify).map(async (receiver) => ({
      receiver,
      attempt: await send(receiver, notification).catch((error: unknown) => ({
        ok: false as const,
        detail: String(error),
      })),
    })),
  );
}
