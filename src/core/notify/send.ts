import { httpPost } from '../../adapters/http-post.js';
import { failureDetail, runProgram } from '../../adapters/spawn.js';
import type { NotifyConfig } from '../config/types.js';
import { eventLineText } from '../events/text.js';
import type { EventRecord } from '../runtime/events.js';

/** What a receiver gets: the event, the workspace it is about, and one line of text to show as is. */
export type Notification = EventRecord & { readonly workspace: string; readonly text: string };

export function notificationOf(event: EventRecord, workspace: string): Notification {
  return { ...event, workspace, text: `autoswe ${workspace}: ${eventLineText(event)}` };
}

export type ReceiverKind = 'command' | 'webhook';

/** One attempt at one receiver: delivered, or why not, in one line. */
export type Attempt =
  | { readonly ok: true; readonly detail: string }
  | { readonly ok: false; readonly detail: string };

/** How one attempt is made; injectable so tests can count and fail them. */
export type SendOnce = (receiver: ReceiverKind, notification: Notification) => Promise<Attempt>;

/** The real receivers: the command with the JSON on stdin, the webhook POSTed the JSON. */
export function realSender(notify: NotifyConfig, env: NodeJS.ProcessEnv, cwd: string): SendOnce {
  return async (receiver, notification) => {
    const body = JSON.stringify(notification);
    if (receiver === 'webhook') {
      if (notify.webhook === null) return { ok: false, detail: 'no webhook configured' };
      const answer = await httpPost(new URL(notify.webhook), body, {
        timeoutMs: notify.timeout_ms,
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'autoswe-notify' },
      });
      if (answer.kind === 'timeout') return { ok: false, detail: `no answer within ${notify.timeout_ms} ms` };
      if (answer.kind === 'unreachable') return { ok: false, detail: answer.message };
      const ok = answer.status >= 200 && answer.status < 300;
      const said = answer.body.trim().split('\n')[0]?.slice(0, 200) ?? '';
      return { ok, detail: `HTTP ${answer.status}${!ok && said !== '' ? `: ${said}` : ''}` };
    }
    const command = notify.command;
    if (command === null || command[0] === undefined) return { ok: false, detail: 'no command configured' };
    const result = await runProgram(command[0], command.slice(1), {
      env: {
        ...env,
        AUTOSWE_EVENT_ID: notification.id,
        AUTOSWE_EVENT_TYPE: notification.type,
        AUTOSWE_EVENT_TEXT: notification.text,
      },
      cwd,
      input: `${body}\n`,
      timeoutMs: notify.timeout_ms,
      maxBytes: 64 * 1024,
    });
    if (result.code === 0) return { ok: true, detail: 'exit 0' };
    return { ok: false, detail: failureDetail(result) };
  };
}

/** The receivers a config names, in a fixed order. */
export function receiversOf(notify: NotifyConfig): ReceiverKind[] {
  const receivers: ReceiverKind[] = [];
  if (notify.command !== null) receivers.push('command');
  if (notify.webhook !== null) receivers.push('webhook');
  return receivers;
}

/** Whether `type` is one the config sends. */
export function wanted(notify: NotifyConfig, type: string): boolean {
  return notify.events.includes('*') || notify.events.includes(type);
}

/** Before attempt n+1 (n ≥ 1): 2 s, 8 s, 32 s, then 60 s. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(60_000, 2_000 * 4 ** (failedAttempts - 1));
}
