import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFleetHosts } from '../../src/core/fleet/hosts.js';
import { startFleetServer } from '../../src/web/fleet-server.js';
import type { RunningServer } from '../../src/web/server.js';
import { tempDir } from '../helpers/cli.js';
import { registerLoop, writeLoop } from '../helpers/fleet.js';

const TOKEN = 'fleet-page-token-123';

describe('the fleet page server (serve --fleet)', () => {
  let scratch: { dir: string; cleanup: () => void };
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    scratch = tempDir();
    const home = join(scratch.dir, 'home');
    env = { HOME: home, XDG_RUNTIME_DIR: '' };
    writeLoop(join(scratch.dir, 'ws'), { status: 'RUNNING', heartbeatAgeMs: 1000 });
    registerLoop(home, 'ws', join(scratch.dir, 'ws'));
    registerLoop(home, 'gone', join(scratch.dir, 'nothing-here'));
    server = await startFleetServer({
      env,
      host: '127.0.0.1',
      port: 0,
      readOnly: true,
      token: TOKEN,
      hosts: await readFleetHosts(env),
      timeoutMs: 500,
    });
  });
  afterAll(async () => {
    await server?.close();
    scratch?.cleanup();
  });

  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { Authorization: `Bearer ${TOKEN}`, ...init.headers },
    });

  it('asks the token of every request and answers the fleet as JSON', async () => {
    expect((await fetch(`${server.url}/api/fleet`)).status).toBe(401);
    const answer = await get('/api/fleet');
    expect(answer.status).toBe(200);
    const fleet = await answer.json();
    expect(fleet.rows.map((row: { name: string; reach: string }) => [row.name, row.reach])).toEqual([
      ['gone', 'broken'],
      ['ws', 'ok'],
    ]);
  });

  it('only reads: anything but GET is refused', async () => {
    expect((await get('/api/fleet', { method: 'POST' })).status).toBe(405);
  });

  it("opens a local loop's own pages on demand, and refuses a name it cannot open", async () => {
    const opened = await get('/open/ws');
    expect(opened.status).toBe(303);
    const location = new URL(opened.headers.get('location') ?? '');
    expect(location.hostname).toBe('127.0.0.1');
    expect(location.port).not.toBe(String(server.port));
    const page = await fetch(location, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(await page.text()).toContain(join(scratch.dir, 'ws'));
    // The same server is reused for the next click.
    expect((await get('/open/ws')).headers.get('location')).toBe(opened.headers.get('location'));
    const gone = await get('/open/gone');
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ error: "no registered workspace 'gone' that can be opened" });
  });
});
