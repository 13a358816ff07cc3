import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initWorkspace, runCli } from '../helpers/cli.js';
import {
  type DemoWorkspace,
  RULES_TAMPERING_AGENT,
  readState,
  setupDemo,
  startRun,
  waitFor,
  withAgent,
} from './loop-helpers.js';

/** A loopback webhook receiver: keeps every POSTed body; answers as `answer` says (or never). */
interface Receiver {
  readonly url: string;
  readonly bodies: Record<string, unknown>[];
  /** Requests received and not answered yet. */
  open: number;
  close(): Promise<void>;
}

function startReceiver(answer: (body: Record<string, unknown>) => number | 'hang'): Promise<Receiver> {
  const pending = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: '',
    bodies: [],
    open: 0,
    close: async () => {
      for (const response of pending) response.socket?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
    });
    request.on('end', () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      receiver.bodies.push(body);
      const status = answer(body);
      if (status === 'hang') {
        receiver.open++;
        pending.add(response);
        return;
      }
      response.writeHead(status).end(status === 200 ? 'ok' : 'receiver broken');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      Object.assign(receiver, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` });
      resolve(receiver);
    }),
  );
}

const notifyYaml = (url: string, extra = '') => `\nnotify:\n  webhook: ${url}\n${extra}`;

function eventsOf(root: string): Record<string, unknown>[] {
  const path = join(root, '.autoswe', 'EVENTS');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

let demo: DemoWorkspace | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  demo?.cleanup();
  demo = undefined;
});

describe('notify: a webhook gets each event of a demo run once', () => {
  it('the demo run: run.started, then run.ended DONE, each once, with a text line; EVENTS holds the same', async () => {
    const hook = await startReceiver(() => 200);
    receiver = hook;
    demo = await setupDemo({ edit: (text) => text + notifyYaml(hook.url) });
    const result = await runCli(['run', '--config', demo.config], { cwd: demo.root, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    await waitFor('run.ended to arrive', () => hook.bodies.some((body) => body.type === 'run.ended'), 20_000);
    // The cursor is past the last event: nothing more can come.
    const root = demo.root;
    await waitFor('the notifier to finish', () => {
      const cursor = JSON.parse(readFileSync(join(root, '.autoswe', 'notify.cursor.json'), 'utf8'));
      return cursor.offset === readFileSync(join(root, '.autoswe', 'EVENTS')).length;
    });
    expect(hook.bodies.map((body) => body.type)).toEqual(['run.started', 'run.ended']);
    expect(new Set(hook.bodies.map((body) => body.id)).size).toBe(2);
    const ended = hook.bodies[1];
    expect(ended).toMatchObject({
      by: 'loop',
      status: 'DONE',
      outcome: 'done',
      reason: 'every cell is GREEN',
    });
    expect(ended?.text).toMatch(
      /^autoswe \S+: run \S+ ended DONE \(done\) after 5 iteration\(s\): every cell is GREEN \(by loop\)$/,
    );
    // What was sent is what was recorded, key for key.
    const recorded = eventsOf(root);
    expect(recorded.map((event) => event.id)).toEqual(hook.bodies.map((body) => body.id));
    expect(hook.bodies[0]).toMatchObject(recorded[0] ?? {});
  }, 90_000);

  it('a REVERT that leaves a protected file changed: run.started, paused (by the loop), run.ended, each once', async () => {
    const hook = await startReceiver(() => 200);
    receiver = hook;
    demo = await setupDemo({ maxIters: 2, edit: (text) => text + notifyYaml(hook.url) });
    const { root } = demo;
    const rules = join(root, 'rules.yaml');
    const original = readFileSync(rules, 'utf8');
    writeFileSync(demo.config, withAgent(readFileSync(demo.config, 'utf8'), RULES_TAMPERING_AGENT));
    expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);
    const run = startRun(root);
    await waitFor('the loop to hold', () => readState(root).status === 'PAUSED', 40_000);
    await waitFor('the pause to arrive', () => hook.bodies.some((body) => body.type === 'paused'), 20_000);
    writeFileSync(rules, original);
    expect(
      (await runCli(['resume', '-m', 'rules.yaml restored'], { cwd: root, env: { USER: 'alice' } })).code,
    ).toBe(0);
    // max_iters reached (exit 3): the loop ran its 2 iterations after the resume.
    expect((await run.exited).code).toBe(3);
    await waitFor('run.ended to arrive', () => hook.bodies.some((body) => body.type === 'run.ended'), 20_000);
    expect(hook.bodies.map((body) => body.type)).toEqual(['run.started', 'paused', 'run.ended']);
    expect(hook.bodies[1]).toMatchObject({
      by: 'loop',
      reason: expect.stringContaining('lock-check still fails after the REVERT'),
    });
    // resumed is recorded (not in the default events: list, so not sent).
    expect(eventsOf(root).map((event) => event.type)).toEqual([
      'run.started',
      'paused',
      'resumed',
      'run.ended',
    ]);
    expect(eventsOf(root)[2]).toMatchObject({
      by: 'alice',
      reason: 'rules.yaml restored',
      paused_by: 'autoswe',
    });
  }, 120_000);
});

describe('notify: a failing receiver never holds the loop', () => {
  it('a webhook that never answers: the run reaches DONE while the first request still hangs', async () => {
    const hook = await startReceiver(() => 'hang');
    receiver = hook;
    demo = await setupDemo({
      edit: (text) => text + notifyYaml(hook.url, '  timeout: 10m\n  retries: 0\n'),
    });
    const result = await runCli(['run', '--config', demo.config], { cwd: demo.root, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(readState(demo.root).status).toBe('DONE');
    // The receiver got run.started and has not answered it: the loop went on without waiting.
    expect(hook.bodies.map((body) => body.type)).toEqual(['run.started']);
    expect(hook.open).toBe(1);
    expect(eventsOf(demo.root).map((event) => event.type)).toEqual(['run.started', 'run.ended']);
  }, 90_000);

  it('a webhook answering 500: the run ends DONE; each event is retried with a back-off, logged, then given up', async () => {
    const hook = await startReceiver(() => 500);
    receiver = hook;
    demo = await setupDemo({ edit: (text) => text + notifyYaml(hook.url, '  retries: 1\n') });
    const result = await runCli(['run', '--config', demo.config], { cwd: demo.root, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    const log = join(demo.root, '.autoswe', 'notify.log');
    const text = await waitFor(
      'both events to be given up on',
      () => {
        const lines = existsSync(log) ? readFileSync(log, 'utf8') : '';
        return (lines.match(/gave up after 2 attempt\(s\)/g) ?? []).length === 2 ? lines : undefined;
      },
      30_000,
    );
    expect(text).toMatch(
      /run\.started → webhook: attempt 1 of 2 failed \(HTTP 500: receiver broken\); next in 2 s/,
    );
    expect(text).toMatch(/run\.ended → webhook: gave up after 2 attempt\(s\): HTTP 500: receiver broken/);
    expect(hook.bodies.map((body) => body.type)).toEqual([
      'run.started',
      'run.started',
      'run.ended',
      'run.ended',
    ]);
    const status = JSON.parse((await runCli(['notify', '--json'], { cwd: demo.root })).stdout);
    expect(status).toMatchObject({ configured: true, pendingBytes: 0 });
    expect(status.receivers).toEqual([
      { kind: 'webhook', target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…$/) },
    ]);
  }, 90_000);
});

describe('notify --test and the watchdog', () => {
  it('notify --test says what each receiver answered; nothing is recorded', async () => {
    const ws = await initWorkspace();
    try {
      const hook = await startReceiver((body) => (body.type === 'test' ? 200 : 500));
      receiver = hook;
      const out = join(ws.root, 'got.json');
      writeFileSync(
        join(ws.root, 'autoswe.yaml'),
        readFileSync(join(ws.root, 'autoswe.yaml'), 'utf8') +
          `\nnotify:\n  command: [sh, -c, 'cat > ${out}; exit 3']\n  webhook: ${hook.url}\n`,
      );
      const result = await runCli(['notify', '--test'], { cwd: ws.root, env: { NO_COLOR: '1' } });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('FAILED command: exit 3\nok     webhook: HTTP 200\n');
      expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
        type: 'test',
        text: expect.stringContaining('test'),
      });
      expect(hook.bodies).toHaveLength(1);
      expect(existsSync(join(ws.root, '.autoswe', 'EVENTS'))).toBe(false);
    } finally {
      ws.cleanup();
    }
  });

  it('two watchdog passes over one wedge: one wedge event, sent once', async () => {
    const ws = await initWorkspace();
    try {
      const hook = await startReceiver(() => 200);
      receiver = hook;
      writeFileSync(
        join(ws.root, 'autoswe.yaml'),
        readFileSync(join(ws.root, 'autoswe.yaml'), 'utf8') + notifyYaml(hook.url),
      );
      const runtime = join(ws.root, '.autoswe');
      mkdirSync(runtime, { recursive: true });
      const old = new Date(Date.now() - 60 * 60_000).toISOString();
      writeFileSync(
        join(runtime, 'state.json'),
        JSON.stringify({ status: 'RUNNING', updated_at: old, run: 'r1', iter: 3 }),
      );
      writeFileSync(
        join(runtime, 'HEARTBEAT'),
        JSON.stringify({ at: old, pid: 999999, run: 'r1', epoch: 0, iter: 3, vertex: 'implement' }),
      );
      expect((await runCli(['watchdog'], { cwd: ws.root })).stdout).toContain('WEDGE-PAUSED');
      await waitFor('the wedge to arrive', () => hook.bodies.length === 1);
      expect((await runCli(['watchdog'], { cwd: ws.root })).stdout).toContain(
        'WEDGE_PAUSED: nothing to watch',
      );
      // A notifier started now finds nothing after its cursor.
      expect((await runCli(['notify', '--deliver', '--json'], { cwd: ws.root })).stdout).toContain(
        '"sent": 0',
      );
      expect(hook.bodies).toHaveLength(1);
      expect(hook.bodies[0]).toMatchObject({ type: 'wedge', by: 'watchdog', run: 'r1', iter: 3 });
      expect(eventsOf(ws.root).map((event) => event.type)).toEqual(['wedge']);
    } finally {
      ws.cleanup();
    }
  });
});
