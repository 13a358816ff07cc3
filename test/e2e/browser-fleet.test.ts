import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, chromiumMissing, launchBrowser, OUTPUT, openLivePage } from '../helpers/browser.js';
import { tempDir } from '../helpers/cli.js';
import { registerLoop, writeFleetYaml, writeLoop } from '../helpers/fleet.js';
import { type ServeProcess, startServe } from '../helpers/serve.js';

const skip = chromiumMissing();
const TOKEN = 'remote-token-for-the-page-1234';

describe.skipIf(skip)('serve --fleet: one live page of every loop (chromium)', () => {
  let scratch: { dir: string; cleanup: () => void };
  let home: string;
  let remote: ServeProcess;
  let fleet: ServeProcess;
  let browser: Browser;
  const roots: Record<string, string> = {};

  beforeAll(async () => {
    scratch = tempDir();
    home = join(scratch.dir, 'home');
    const local = (name: string, loop: Parameters<typeof writeLoop>[1]) => {
      const root = join(scratch.dir, name);
      writeLoop(root, loop);
      registerLoop(home, name, root);
      roots[name] = root;
    };
    local('api-port', {
      status: 'RUNNING',
      heartbeatAgeMs: 2_000,
      green: 7,
      total: 10,
      verdict: { verdict: 'ACCEPT', ageMs: 60_000 },
    });
    local('cli-port', {
      status: 'RUNNING',
      heartbeatAgeMs: 3_000,
      green: 2,
      total: 8,
      verdict: { verdict: 'REVISE', ageMs: 30_000 },
    });
    local('done-port', { status: 'DONE', green: 5, total: 5 });
    const remoteRoot = join(scratch.dir, 'gpu-box');
    writeLoop(remoteRoot, { status: 'RUNNING', heartbeatAgeMs: 1_000, green: 1, total: 4 });
    roots.remote = remoteRoot;
    const remoteHome = join(scratch.dir, 'remote-home');
    mkdirSync(remoteHome);
    remote = await startServe(['--host', '127.0.0.2', '--port', '0', '--token', TOKEN], {
      cwd: remoteRoot,
      env: { HOME: remoteHome, XDG_RUNTIME_DIR: '' },
    });
    writeFleetYaml(home, `- name: gpu-box\n  url: ${remote.url}\n  token: ${TOKEN}\n`);
    fleet = await startServe(['--fleet', '--port', '0'], {
      cwd: scratch.dir,
      env: { HOME: home, XDG_CONFIG_HOME: '', XDG_RUNTIME_DIR: '' },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await fleet?.stop();
    await remote?.stop();
    scratch?.cleanup();
  });

  const names = async (page: import('playwright-core').Page) =>
    page
      .locator('table.fleet tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name')));

  it('lists every loop, local and remote, each linking to its own pages, and never shows the token', async () => {
    const page = await openLivePage(browser.context, `${fleet.url}/`);
    expect(await names(page)).toEqual(['api-port', 'cli-port', 'gpu-box', 'done-port']);
    const remoteLink = page.locator('tr[data-name="gpu-box"] th a');
    await expect(remoteLink.getAttribute('href')).resolves.toBe(remote.url);
    await expect(remoteLink.getAttribute('rel')).resolves.toBe('noreferrer noopener');
    await expect(page.locator('tr[data-name="api-port"] th a').getAttribute('href')).resolves.toBe(
      '/open/api-port',
    );
    await expect(page.locator('tr[data-name="api-port"] td.bar').textContent()).resolves.toContain('7/10');
    await expect(page.locator('tr[data-name="api-port"] meter').getAttribute('value')).resolves.toBe('7');
    expect(await page.content()).not.toContain(TOKEN);
    const api = await page.evaluate(async () => (await fetch('/api/fleet')).text());
    expect(api).not.toContain(TOKEN);
    await page.close();
  });

  it('rows update live and the most urgent loop comes first', async () => {
    const page = await openLivePage(browser.context, `${fleet.url}/`);
    // A hard pause on a local loop: its files change, the page hears it, the row climbs to the top.
    writeFileSync(join(roots['cli-port'] as string, '.autoswe', 'PAUSE_HARD'), 'hard pause for the test\n');
    await page.locator('table.fleet tbody tr:first-child[data-name="cli-port"]').waitFor({ timeout: 5000 });
    await expect(page.locator('tr[data-name="cli-port"]').getAttribute('class')).resolves.toBe('tone-warn');
    // A wedge beats a pause.
    const runtime = join(roots['done-port'] as string, '.autoswe');
    writeFileSync(
      join(runtime, 'state.json'),
      JSON.stringify({ status: 'WEDGE_PAUSED', reason: 'no heartbeat for 30 min' }),
    );
    writeFileSync(join(runtime, 'PAUSE'), 'watchdog: no heartbeat for 30 min\n');
    await page.locator('table.fleet tbody tr:first-child[data-name="done-port"]').waitFor({ timeout: 5000 });
    expect(await names(page)).toEqual(['done-port', 'cli-port', 'api-port', 'gpu-box']);
    await expect(page.locator('tr[data-name="done-port"]').getAttribute('class')).resolves.toBe('tone-bad');
    // A remote loop has no events here: the page reads the fleet again every few seconds.
    writeFileSync(join(roots.remote as string, '.autoswe', 'PAUSE'), 'paused over there\n');
    await page.locator('table.fleet tbody tr:nth-child(3)[data-name="gpu-box"]').waitFor({ timeout: 15_000 });
    await expect(page.locator('tr[data-name="gpu-box"]').textContent()).resolves.toContain('soft');
    await page.screenshot({ path: join(OUTPUT, 'web-fleet.png'), fullPage: true });
    await page.close();
  }, 30_000);

  it("a local loop's link opens that workspace's own pages", async () => {
    const page = await openLivePage(browser.context, `${fleet.url}/`);
    await page.locator('tr[data-name="api-port"] th a').click();
    await page.waitForURL((url) => url.pathname === '/' && url.port !== new URL(fleet.url).port);
    await expect(page.locator('header .root').textContent()).resolves.toBe(roots['api-port']);
    await expect(page.locator('table.status').textContent()).resolves.toContain('RUNNING');
    await page.close();
  });
});
