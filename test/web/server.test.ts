import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutosweError } from '../../src/base/errors.js';
import { workspaceAt } from '../../src/core/runtime/workspace.js';
import { type RunningServer, startWebServer } from '../../src/web/server.js';
import { QUIET_PROBES } from './web-fixture.js';

let root: string;
let server: RunningServer | undefined;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'autoswe-server-'));
  writeFileSync(join(root, 'autoswe.yaml'), 'target: .\n');
  mkdirSync(join(root, '.autoswe'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(root, { recursive: true, force: true });
});

function start(host = '127.0.0.1', port = 0, token?: string): Promise<RunningServer> {
  return startWebServer({
    workspace: workspaceAt(root, {}),
    env: {},
    host,
    port,
    readOnly: false,
    token,
    probes: QUIET_PROBES,
  });
}

/** Waits for `condition`; a deadline for a loaded machine, not a speed target. */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('web server', () => {
  it('binds an ephemeral loopback port and names it in its URL', async () => {
    server = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/api/status`)).status).toBe(200);
  });

  it('releases an event stream when its page goes away (no listener leak over days)', async () => {
    server = await start();
    const idle = server.feedListeners();
    for (let round = 0; round < 5; round++) {
      const controller = new AbortController();
      const response = await fetch(`${server.url}/api/events`, { signal: controller.signal });
      await response.body?.getReader().read();
      await waitFor(() => server?.feedListeners() === idle + 1);
      controller.abort();
      await waitFor(() => server?.feedListeners() === idle);
    }
  });

  it('a taken port is an AutosweError naming the address, exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await start('127.0.0.1', port).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AutosweError);
      expect((error as AutosweError).exitCode).toBe(1);
      expect((error as AutosweError).message).toContain(`127.0.0.1:${port}: the port is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a non-loopback bind without a token', async () => {
    const error = await start('0.0.0.0').catch((caught: unknown) => caught);
    expect((error as AutosweError).exitCode).toBe(2);
    expect((error as AutosweError).message).toContain('not a loopback address');
  });

  it('an unknown address is a clear error', async () => {
    const error = await start('192.0.2.55', 0, 'a-long-token').catch((caught: unknown) => caught);
    expect((error as AutosweError).message).toContain('no such address on this machine');
    const name = await start('no-such-host.invalid', 0, 'a-long-token').catch((caught: unknown) => caught);
    expect((name as AutosweError).message).toBe(
      "cannot serve on no-such-host.invalid:0: the host name 'no-such-host.invalid' does not resolve (--host)",
    );
  });
});
