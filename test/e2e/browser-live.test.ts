import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, chromiumMissing, launchBrowser, openLivePage } from '../helpers/browser.js';
import { initWorkspace } from '../helpers/cli.js';
import { type ServeProcess, startServe } from '../helpers/serve.js';

const skip = chromiumMissing();

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe.skipIf(skip)('an open page follows new journey entries and what only probes see (chromium)', () => {
  let cleanup: () => void;
  let serve: ServeProcess;
  let browser: Browser;
  let proxyPort: number;
  let root: string;

  beforeAll(async () => {
    const workspace = await initWorkspace();
    cleanup = workspace.cleanup;
    root = workspace.root;
    // A free port for the model proxy, left closed for now: the proxy starts out unreachable.
    const probe = createServer();
    proxyPort = await listen(probe);
    await close(probe);
    serve = await startServe(['--port', '0'], {
      cwd: workspace.root,
      env: { AUTOSWE_PROXY_BASE: `http://127.0.0.1:${proxyPort}` },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    cleanup?.();
  });

  it('a new journey entry appears at the top of the open index without reload', async () => {
    const page = await openLivePage(browser.context, `${serve.url}/`);
    await expect(page.locator('#journey').textContent()).resolves.toContain('no journey entries yet');
    writeFileSync(join(root, 'docs', 'journey', 'iter-1.md'), '# First steps\n');
    writeFileSync(join(root, 'docs', 'journey', 'iter-2.md'), '# Second wind\n');
    await page
      .locator('ol.journey li')
      .first()
      .filter({ hasText: '#2 Second wind' })
      .waitFor({ timeout: 3000 });
    await expect(page.locator('ol.journey li').count()).resolves.toBe(2);
    await page.close();
  });

  it('the proxy coming up shows on the open status page with no file changing, within the probe refresh', async () => {
    const page = await openLivePage(browser.context, `${serve.url}/`);
    const proxyRow = page.locator('table.status tr', { hasText: 'proxy' });
    await expect(proxyRow.textContent()).resolves.toContain('unreachable');
    const proxy = createServer((_request, response) => response.end('ok'));
    await listen(proxy, proxyPort);
    try {
      // Probe answers live 5 s on the server and the page asks every 5 s: at most ~10 s, nothing else to wait for.
      await proxyRow.filter({ hasText: 'healthy' }).waitFor({ timeout: 15_000 });
      expect(await proxyRow.textContent()).not.toContain('unreachable');
    } finally {
      proxy.closeAllConnections();
      await close(proxy);
      await page.close();
    }
  }, 30_000);
});
