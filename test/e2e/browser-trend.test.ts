import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, chromiumMissing, launchBrowser, OUTPUT } from '../helpers/browser.js';
import { initWorkspace } from '../helpers/cli.js';
import { type ServeProcess, startServe } from '../helpers/serve.js';

const skip = chromiumMissing();

let cleanup: () => void;
let runtime: string;
let server: ServeProcess;
let browser: Browser;

const HOUR = 3_600_000;

describe.skipIf(skip)('the trend charts in a real browser (chromium)', () => {
  beforeAll(async () => {
    let root: string;
    ({ root, cleanup } = await initWorkspace());
    runtime = join(root, '.autoswe');
    writeFileSync(
      join(runtime, 'state.json'),
      JSON.stringify({ status: 'RUNNING', epoch: 0, iter: 12, run: 'r1' }),
    );
    const start = Date.now() - 12 * HOUR;
    for (let iter = 1; iter <= 12; iter++) {
      const at = new Date(start + iter * HOUR).toISOString();
      const kind = iter % 4 === 0 ? 'REVERT' : 'ACCEPT';
      appendFileSync(
        join(runtime, 'VERDICTS'),
        `${JSON.stringify({ at, epoch: 0, iter, module: 'calc', verdict: kind, reason: 'r', green_before: iter, green_after: kind === 'REVERT' ? iter : iter + 1, total: 40, run: 'r1' })}\n`,
      );
      appendFileSync(
        join(runtime, 'COSTS'),
        `${JSON.stringify({ at, run: 'r1', epoch: 0, iter, module: 'calc', transcript: `/t/${iter}`, session_id: `s${iter}`, result_offset: 0, input_tokens: 1000, output_tokens: 200, cache_read_tokens: 5000, cache_creation_tokens: 100, cost_usd: 0.4, turns: 5 })}\n`,
      );
    }
    server = await startServe(['--port', '0'], { cwd: root });
    browser = await launchBrowser();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup?.();
  });

  it('draws GREEN over time and cost over time from /api/trend, with the library served locally', async () => {
    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const trend = page.waitForResponse((response) => response.url().endsWith('/api/trend'));
    await page.goto(server.url);
    const body = await (await trend).json();
    expect(body.points).toHaveLength(12);
    await page.locator('#trend[data-drawn]').waitFor({ timeout: 5000 });
    // uPlot drew a canvas in each chart, from the API's points.
    expect(await page.locator('#chart-green canvas').count()).toBe(1);
    expect(await page.locator('#chart-cost canvas').count()).toBe(1);
    expect(await page.locator('#chart-green').getAttribute('data-points')).toBe('12');
    expect(await page.locator('#chart-cost').getAttribute('data-points')).toBe(String(body.cost.length));
    expect(await page.locator('#trend-facts').textContent()).toMatch(
      /^12\/40 GREEN · last 6 h [\d.]+ cells\/h .*spent \$4\.80/,
    );
    // The canvas is not blank: some pixels of the GREEN line's colour.
    const drawn = await page.evaluate(() => {
      const canvas = document.querySelector('#chart-green canvas');
      if (!(canvas instanceof HTMLCanvasElement)) return 0;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let count = 0;
      for (let index = 0; index < data.length; index += 4) {
        if (data[index] === 0x2e && data[index + 1] === 0x7d && data[index + 2] === 0x32) count++;
      }
      return count;
    });
    expect(drawn).toBeGreaterThan(50);
    // Nothing from another host: the chart library comes from the package.
    const origin = new URL(server.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
    expect(requests).toContain(`${origin}/assets/uPlot.iife.min.js`);
    await page.screenshot({ path: join(OUTPUT, 'web-trend.png'), fullPage: true });
  }, 30_000);

  it('redraws when a verdict arrives, not on every heartbeat that refreshes the status region', async () => {
    const page = await browser.context.newPage();
    const trends: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/trend')) trends.push(request.url());
    });
    await page.goto(server.url);
    await page.locator('#trend[data-drawn]').waitFor({ timeout: 15_000 });
    await page.locator('#live[data-state="live"]').waitFor({ timeout: 15_000 });
    expect(trends).toHaveLength(1);
    // A heartbeat: the status region is swapped for a fresh one; the trend is not fetched for it.
    await page.evaluate(() => {
      const region = document.getElementById('status');
      if (region) region.dataset.before = 'heartbeat';
    });
    writeFileSync(join(runtime, 'HEARTBEAT'), JSON.stringify({ at: new Date().toISOString(), pid: 1 }));
    await page.waitForFunction(() => document.getElementById('status')?.dataset.before === undefined, null, {
      timeout: 15_000,
    });
    const redrawn = page.waitForResponse((response) => response.url().endsWith('/api/trend'), {
      timeout: 15_000,
    });
    appendFileSync(
      join(runtime, 'VERDICTS'),
      `${JSON.stringify({ at: new Date().toISOString(), epoch: 0, iter: 13, module: 'calc', verdict: 'ACCEPT', reason: 'r', green_before: 12, green_after: 14, total: 40, run: 'r1' })}\n`,
    );
    expect((await (await redrawn).json()).green).toBe(14);
    // The first draw and the verdict's: none for the heartbeat.
    expect(trends).toHaveLength(2);
    await page.close();
  }, 60_000);
});
