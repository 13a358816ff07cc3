import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyConfig } from '../../../src/core/config/types.js';
import { deliverPending } from '../../../src/core/notify/deliver.js';
import type { Notification, ReceiverKind } from '../../../src/core/notify/send.js';
import { appendEvent, readNotifyCursor } from '../../../src/core/runtime/events.js';
import { tryLock } from '../../../src/core/runtime/store.js';
import { tempWorkspace } from '../../helpers/workspace.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function workspace() {
  const made = tempWorkspace();
  cleanups.push(made.cleanup);
  return made.workspace;
}

const notify = (overrides: Partial<NotifyConfig> = {}): NotifyConfig => ({
  command: null,
  webhook: 'http://127.0.0.1:9/hook',
  events: ['paused', 'run.ended'],
  timeout_ms: 1000,
  retries: 3,
  ...overrides,
});

const event = (id: string, type: string) => ({
  id,
  at: '2026-01-01T00:00:00.000Z',
  type,
  by: 'alice',
  reason: 'r',
});

describe('deliverPending', () => {
  it('sends the wanted types after the cursor once; a second pass sends nothing', async () => {
    const ws = workspace();
    appendEvent(ws, event('ev-1', 'paused'));
    appendEvent(ws, event('ev-2', 'resumed'));
    appendEvent(ws, event('ev-3', 'run.ended'));
    const sent: [ReceiverKind, string][] = [];
    const send = async (receiver: ReceiverKind, n: Notification) => {
      sent.push([receiver, n.id]);
      return { ok: true, detail: 'HTTP 200' };
    };
    const first = await deliverPending(ws, { notify: notify(), name: 'ws', send, from: 0 });
    expect(first).toEqual({ busy: false, sent: 2, failed: 0 });
    expect(sent).toEqual([
      ['webhook', 'ev-1'],
      ['webhook', 'ev-3'],
    ]);
    expect(readNotifyCursor(ws)).toMatchObject({ offset: readFileSync(ws.paths.events).length, id: 'ev-3' });
    expect(await deliverPending(ws, { notify: notify(), name: 'ws', send, from: 0 })).toEqual({
      busy: false,
      sent: 0,
      failed: 0,
    });
    expect(sent).toHaveLength(2);
  });

  it('an EVENTS ending in a torn line (no newline yet) is delivered up to it, and the notifier stops', async () => {
    const ws = workspace();
    appendEvent(ws, event('ev-1', 'paused'));
    const whole = readFileSync(ws.paths.events).length;
    writeFileSync(ws.paths.events, '{"id":"ev-2","at":"2026-01-01T00:00:00.000Z","type":"paused"', {
      flag: 'a',
    });
    const sent: string[] = [];
    const send = async (_receiver: ReceiverKind, n: Notification) => {
      sent.push(n.id);
      return { ok: true, detail: 'HTTP 200' };
    };
    expect(await deliverPending(ws, { notify: notify(), name: 'ws', send, from: 0 })).toEqual({
      busy: false,
      sent: 1,
      failed: 0,
    });
    expect(sent).toEqual(['ev-1']);
    expect(readNotifyCursor(ws)?.offset).toBe(whole);
  });

  it('retries a failing receiver with a back-off of 2, 8, 32 s (a controlled clock), logs each, then gives up', async () => {
    const ws = workspace();
    appendEvent(ws, event('ev-1', 'paused'));
    const slept: number[] = [];
    let calls = 0;
    const report = await deliverPending(ws, {
      notify: notify({ command: ['true'] }),
      name: 'ws',
      from: 0,
      sleep: async (ms) => {
        slept.push(ms);
      },
      send: async (receiver) => {
        if (receiver === 'command') return { ok: true, detail: 'exit 0' };
        calls++;
        return { ok: false, detail: 'HTTP 500: down\nsecond line' };
      },
    });
    expect(report).toEqual({ busy: false, sent: 0, failed: 1 });
    expect(calls).toBe(4);
    expect(slept).toEqual([2000, 8000, 32000]);
    const log = readFileSync(ws.paths.notifyLog, 'utf8');
    expect(log).toContain('ev-1 paused → command: delivered (exit 0)');
    expect(log).toContain(
      'ev-1 paused → webhook: attempt 1 of 4 failed (HTTP 500: down⏎second line); next in 2 s',
    );
    expect(log).toContain('ev-1 paused → webhook: gave up after 4 attempt(s): HTTP 500: down⏎second line');
  });

  it('without a cursor starts at `from`, leaving older events unsent; a held lock means busy', async () => {
    const ws = workspace();
    appendEvent(ws, event('ev-old', 'paused'));
    const from = readFileSync(ws.paths.events).length;
    appendEvent(ws, event('ev-new', 'paused'));
    const ids: string[] = [];
    const send = async (_: ReceiverKind, n: Notification) => {
      ids.push(n.id);
      return { ok: true, detail: '' };
    };
    const release = await tryLock(ws.runtimeDir, ws.paths.notifyLock);
    expect(release).not.toBeNull();
    expect(await deliverPending(ws, { notify: notify(), name: 'ws', send, from })).toMatchObject({
      busy: true,
    });
    await release?.();
    await deliverPending(ws, { notify: notify(), name: 'ws', send, from });
    expect(ids).toEqual(['ev-new']);
  });

  it('an EVENTS cut below the cursor goes on after the last event handled, or from its end', async () => {
    const ws = workspace();
    appendEvent(ws, event('ev-1', 'paused'));
    appendEvent(ws, event('ev-2', 'paused'));
    const ids: string[] = [];
    const send = async (_: ReceiverKind, n: Notification) => {
      ids.push(n.id);
      return { ok: true, detail: '' };
    };
    await deliverPending(ws, { notify: notify(), name: 'ws', send, from: 0 });
    // Replaced by hand with one old line and a new one: only the new one goes out.
    writeFileSync(join(ws.runtimeDir, 'EVENTS'), '');
    appendEvent(ws, event('ev-9', 'paused'));
    await deliverPending(ws, { notify: notify(), name: 'ws', send, from: 0 });
    expect(ids).toEqual(['ev-1', 'ev-2']);
    appendEvent(ws, event('ev-10', 'paused'));
    await deliverPending(ws, { notify: notify(), name: 'ws', send, from: 0 });
    expect(ids).toEqual(['ev-1', 'ev-2', 'ev-10']);
    expect(readFileSync(ws.paths.notifyLog, 'utf8')).toContain('EVENTS is shorter than the cursor');
  });
});
