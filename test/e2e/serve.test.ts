import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace, runCli } from '../helpers/cli.js';
import { type ServeProcess, startServe } from '../helpers/serve.js';

let root: string;
let cleanup: () => void;
beforeAll(async () => {
  ({ root, cleanup } = await initWorkspace());
});
afterAll(() => cleanup());

describe('autoswe serve', () => {
  it('prints a clear start line with the real port, serves the page, and stops cleanly on SIGTERM', async () => {
    const server = await startServe(['--port', '0'], { cwd: root });
    expect(server.stdout()).toMatch(/^serving on http:\/\/127\.0\.0\.1:\d+\n/);
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h2>Status</h2>');
    const status = await (await fetch(`${server.url}/api/status`)).json();
    expect(status.root).toBe(root);
    const { code } = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect(server.stderr()).toContain('stopped (SIGTERM)');
  });

  it('stops cleanly on SIGINT even with an event stream open', async () => {
    const server = await startServe(['--port', '0'], { cwd: root });
    const controller = new AbortController();
    const events = await fetch(`${server.url}/api/events`, { signal: controller.signal });
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const { code } = await server.stop('SIGINT');
    controller.abort();
    expect(code).toBe(0);
  });

  it('pushes a change event when a verdict is appended', async () => {
    const server = await startServe(['--port', '0'], { cwd: root });
    try {
      const response = await fetch(`${server.url}/api/events`);
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      let seen = decoder.decode((await reader?.read())?.value);
      expect(seen).toContain('event: hello');
      appendFileSync(
        join(root, '.autoswe', 'VERDICTS'),
        '{"at":"2026-11-24T00:00:00Z","epoch":0,"iter":1,"module":"m","verdict":"ACCEPT","reason":"r"}\n',
      );
      while (!seen.includes('event: change')) seen += decoder.decode((await reader?.read())?.value);
      expect(seen).toContain('"verdicts"');
      await reader?.cancel();
    } finally {
      await server.stop();
    }
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['serve', '--port', String(port)], { cwd: root });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `autoswe: cannot serve on 127.0.0.1:${port}: the port is already in use (another 'autoswe serve'?); choose another with --port\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('refuses a non-loopback host without a token (exit 2), and warns when it has one', async () => {
    const refused = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { cwd: root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not a loopback address: give --token or set AUTOSWE_SERVE_TOKEN');
    const server = await startServe(['--host', '0.0.0.0', '--port', '0'], {
      cwd: root,
      env: { AUTOSWE_SERVE_TOKEN: 'a-long-enough-token' },
    });
    try {
      expect(server.stderr()).toContain('warning: serving on 0.0.0.0, reachable from other machines');
      const port = new URL(server.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/api/status`)).status).toBe(401);
      const ok = await fetch(`http://127.0.0.1:${port}/api/status`, {
        headers: { authorization: 'Bearer a-long-enough-token' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('--token on the command line guards even a loopback bind, and the start line says how to sign in', async () => {
    const server = await startServe(['--port', '0', '--token', 'from-the-flag-123'], { cwd: root });
    try {
      expect(server.stdout()).toContain(`sign in: open ${server.url}/?token=<token> once in the browser`);
      expect(server.stdout()).not.toContain('from-the-flag-123');
      expect((await fetch(`${server.url}/api/status`)).status).toBe(401);
      const ok = await fetch(`${server.url}/api/status`, {
        headers: { authorization: 'Bearer from-the-flag-123' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('--read-only says so at start and refuses decisions', async () => {
    const server: ServeProcess = await startServe(['--port', '0', '--read-only'], { cwd: root });
    try {
      expect(server.stdout()).toContain('read-only: rule decisions are refused');
      const response = await fetch(`${server.url}/api/rules/r-1/approve`, {
        method: 'POST',
        headers: { origin: server.url },
      });
      expect(response.status).toBe(403);
    } finally {
      await server.stop();
    }
  });

  it('rejects bad options with exit 2', async () => {
    const port = await runCli(['serve', '--port', '70000'], { cwd: root });
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port expects 0 to 65535');
    const token = await runCli(['serve', '--token', 'short'], { cwd: root });
    expect(token.code).toBe(2);
    expect(token.stderr).toContain('at least 8 characters');
  });
});
