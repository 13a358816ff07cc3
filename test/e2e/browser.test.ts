import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, chromiumMissing, launchBrowser, OUTPUT, openLivePage } from '../helpers/browser.js';
import { initWorkspace } from '../helpers/cli.js';
import { type ServeProcess, startServe } from '../helpers/serve.js';

const skip = chromiumMissing();

let root: string;
let cleanup: () => void;
let server: ServeProcess;
let browser: Browser;

function verdictLine(iter: number, module: string, verdict: string, reason: string): string {
  return `${JSON.stringify({ at: new Date().toISOString(), epoch: 0, iter, module, verdict, reason, green_before: iter, green_after: iter + 1 })}\n`;
}

const openLive = (path: string): Promise<Page> => openLivePage(browser.context, `${server.url}${path}`);

describe.skipIf(skip)('the web page in a real browser (chromium)', () => {
  beforeAll(async () => {
    ({ root, cleanup } = await initWorkspace());
    const runtime = join(root, '.autoswe');
    writeFileSync(
      join(runtime, 'state.json'),
      JSON.stringify({ status: 'RUNNING', epoch: 0, iter: 12, module: 'parser', vertex: 'implement' }),
    );
    writeFileSync(
      join(runtime, 'parity.json'),
      JSON.stringify({
        modules: {
          lexer: {
            flipped: true,
            flipped_at: null,
            cells: { a: { status: 'GREEN' }, b: { status: 'GREEN' } },
          },
          parser: {
            flipped: false,
            flipped_at: null,
            cells: { c: { status: 'GREEN' }, d: { status: 'RED' } },
          },
        },
      }),
    );
    appendFileSync(join(runtime, 'VERDICTS'), verdictLine(11, 'lexer', 'ACCEPT', 'two cells went green'));
    writeFileSync(
      join(runtime, 'RULES_QUEUE'),
      [
        { id: 'r-42', kind: 'relaxation', text: 'allow editing test fixtures', target: 'r-7' },
        { id: 'r-43', kind: 'additive', text: 'never edit files under cases/', target: null },
      ]
        .map(
          (rule) =>
            `${JSON.stringify({ type: 'proposal', at: '2026-11-24T01:00:00Z', rationale: 'seen twice', source: 'meta-judge', ...rule })}\n`,
        )
        .join(''),
    );
    writeFileSync(
      join(root, 'docs', 'journey', 'iter-11.md'),
      '# Lexer learns unicode\n\nTwo cells went **green**.\n\n- Transcript: `/var/lib/autoswe/workspace/.autoswe/transcripts/20261124T070336Z-4e1b-iter-11-with-a-long-name.jsonl`\n',
    );
    writeFileSync(
      join(root, 'docs', 'journey', 'iter-12.md'),
      '# Parser fights back\n\n<script>window.__pwned = true</script>\n\n<img src="x" onerror="window.__pwned = true">\n\n[a link](javascript:window.__pwned=true)\n',
    );
    server = await startServe(['--port', '0'], { cwd: root });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup?.();
  });

  it('the index renders the status and the journey, newest first', async () => {
    const page = await openLive('/');
    await expect(page.locator('table.status').textContent()).resolves.toContain('RUNNING');
    const titles = await page.locator('ol.journey li').allInnerTexts();
    expect(titles.map((title) => title.replace(/\s+/g, ' ').trim())).toEqual([
      '#12 Parser fights back',
      '#11 Lexer learns unicode',
    ]);
    await page.screenshot({ path: join(OUTPUT, 'web-index.png'), fullPage: true });
    await page.goto(`${server.url}/parity`);
    expect(await page.locator('.cell-red').count()).toBe(1);
    await page.screenshot({ path: join(OUTPUT, 'web-parity.png'), fullPage: true });
    await page.close();
  });

  it('a journey page shows the sanitised entry and its script never runs', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/journey/12`);
    await expect(page.locator('article h1').textContent()).resolves.toBe('Parser fights back');
    await expect(page.locator('article').textContent()).resolves.toContain(
      '<script>window.__pwned = true</script>',
    );
    const link = page.locator('article a', { hasText: 'a link' });
    if ((await link.count()) > 0) expect(await link.getAttribute('href')).not.toMatch(/^javascript:/);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await page.screenshot({ path: join(OUTPUT, 'web-journey.png'), fullPage: true });
    await page.close();
  });

  it('an appended verdict appears on the open page without reload', async () => {
    const page = await openLive('/verdicts');
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    appendFileSync(
      join(root, '.autoswe', 'VERDICTS'),
      verdictLine(12, 'parser', 'REVERT', 'regressed cell d7'),
    );
    // A deadline for a loaded machine, not the target: bench/live.mjs measures the latency.
    await page
      .locator('table.verdicts tbody tr')
      .first()
      .filter({ hasText: 'regressed cell d7' })
      .waitFor({ timeout: 15_000 });
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    await expect(
      page.locator('table.verdicts tbody tr').first().locator('.verdict').textContent(),
    ).resolves.toBe('REVERT');
    await page.screenshot({ path: join(OUTPUT, 'web-verdicts.png'), fullPage: true });
    await page.close();
  });

  it('a pause shows on the open status page without reload', async () => {
    const page = await openLive('/');
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    writeFileSync(join(root, '.autoswe', 'PAUSE'), '2026-11-24T06:00:00.000Z operator: lunch\n');
    await page
      .locator('#status', { hasText: 'SOFT PAUSED - 2026-11-24T06:00:00.000Z operator: lunch' })
      .waitFor({
        timeout: 15_000,
      });
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    rmSync(join(root, '.autoswe', 'PAUSE'));
    await page.locator('#status', { hasText: 'running' }).waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('the RED cells of a module open from the keyboard and stay open when the grid refreshes live', async () => {
    const page = await openLive('/parity');
    const parser = page.locator('details[data-key="red:parser"]');
    await parser.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(parser.locator('li').allInnerTexts()).resolves.toEqual(['d']);
    await page.locator('h1').click();
    const parity = JSON.parse(readFileSync(join(root, '.autoswe', 'parity.json'), 'utf8'));
    parity.modules.parser.cells.e = { status: 'RED', detail: 'new case fails' };
    writeFileSync(join(root, '.autoswe', 'parity.json'), JSON.stringify(parity));
    await page.locator('details[data-key="red:parser"][open] li', { hasText: 'new case fails' }).waitFor({
      timeout: 15_000,
    });
    await page.screenshot({ path: join(OUTPUT, 'web-parity-red.png'), fullPage: true });
    await page.close();
  });

  it('at phone width (375 px) every page fits the screen: nothing scrolls sideways', async () => {
    appendFileSync(
      join(root, '.autoswe', 'VERDICTS'),
      verdictLine(
        11,
        'lexer',
        'REVISE',
        'no parity change: the agent rewrote the tokenizer table but every cell stayed where it was',
      ),
    );
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    for (const [name, path] of [
      ['index', '/'],
      ['parity', '/parity'],
      ['verdicts', '/verdicts'],
      ['rules', '/rules'],
      ['journey', '/journey/11'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      const [scrollWidth, innerWidth] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      expect(scrollWidth, path).toBeLessThanOrEqual(innerWidth);
      await page.screenshot({ path: join(OUTPUT, `web-phone-${name}.png`), fullPage: true });
    }
    await page.close();
  });

  it('a rule can be decided with the keyboard alone, and Enter in the note field decides nothing', async () => {
    const page = await openLive('/rules');
    const queue = join(root, '.autoswe', 'RULES_QUEUE');
    const before = readFileSync(queue, 'utf8');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    for (let presses = 0; presses < 30 && (await focused()) !== 'note for r-43'; presses++) {
      await page.keyboard.press('Tab');
    }
    expect(await focused()).toBe('note for r-43');
    await page.keyboard.type('too broad');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    expect(readFileSync(queue, 'utf8')).toBe(before);
    expect(page.url()).toBe(`${server.url}/rules`);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Approve r-43');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Reject r-43');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const decision = JSON.parse(readFileSync(queue, 'utf8').trim().split('\n').at(-1) ?? '{}');
    expect(decision).toMatchObject({ type: 'decision', id: 'r-43', decision: 'rejected', note: 'too broad' });
    await expect(page.locator('ul.decided li[data-rule="r-43"]').textContent()).resolves.toContain(
      'rejected',
    );
    await page.close();
  });

  it('approve on a pending rule writes the decision to RULES_QUEUE', async () => {
    const page = await openLive('/rules');
    const row = page.locator('tr[data-rule="r-42"]');
    await row.locator('input[name="note"]').fill('fixtures are generated, fine');
    await page.screenshot({ path: join(OUTPUT, 'web-rules-pending.png'), fullPage: true });
    await Promise.all([
      page.waitForURL(`${server.url}/rules`),
      row.getByRole('button', { name: 'Approve' }).click(),
    ]);
    const lines = readFileSync(join(root, '.autoswe', 'RULES_QUEUE'), 'utf8')
      .trim()
      .split('\n');
    const decision = JSON.parse(lines.at(-1) ?? '{}');
    expect(decision).toMatchObject({
      type: 'decision',
      id: 'r-42',
      decision: 'approved',
      note: 'fixtures are generated, fine',
    });
    expect(typeof decision.by).toBe('string');
    await expect(page.locator('#rules').textContent()).resolves.toContain('no pending proposals');
    await page.screenshot({ path: join(OUTPUT, 'web-rules.png'), fullPage: true });
    await page.close();
  });
  it('a note typed but not sent survives a live refresh of the rules', async () => {
    const queue = join(root, '.autoswe', 'RULES_QUEUE');
    const rule = (id: string, text: string) =>
      `${JSON.stringify({ type: 'proposal', id, at: '2026-11-24T02:00:00Z', kind: 'removal', text, rationale: 'r', target: 'r-1', source: 'meta-judge' })}\n`;
    appendFileSync(queue, rule('r-44', 'drop the rule on fixtures'));
    const page = await openLive('/rules');
    await page.getByLabel('note for r-44').fill('ask Ann first');
    await page.locator('h1').click();
    appendFileSync(queue, rule('r-45', 'a proposal arriving while the note waits'));
    await page.locator('tr[data-rule="r-45"]').waitFor({ timeout: 15_000 });
    await expect(page.getByLabel('note for r-44').inputValue()).resolves.toBe('ask Ann first');
    await page.close();
  });

  it('eight open tabs all load and stay live (one shared event stream, not one connection per tab)', async () => {
    const tabs: Page[] = [];
    try {
      // A browser opens at most six connections to a server: a stream per tab would leave tab seven blank.
      for (let tab = 0; tab < 8; tab++) tabs.push(await openLive(tab % 2 === 0 ? '/verdicts' : '/'));
      appendFileSync(
        join(root, '.autoswe', 'VERDICTS'),
        verdictLine(14, 'lexer', 'ACCEPT', 'seen by every tab'),
      );
      for (const tab of tabs.filter((_, index) => index % 2 === 0)) {
        await tab
          .locator('table.verdicts tbody tr')
          .first()
          .filter({ hasText: 'seen by every tab' })
          .waitFor({ timeout: 15_000 });
      }
      await tabs[7]?.locator('#status', { hasText: 'seen by every tab' }).waitFor({ timeout: 15_000 });
    } finally {
      for (const tab of tabs) await tab.close();
    }
  });

  it('a page whose shared worker cannot start keeps itself live with its own stream', async () => {
    // A browser of its own: a worker still running in the shared one would be reused, not fetched.
    const isolated = await launchBrowser();
    try {
      await isolated.context.route('**/assets/live-worker.js', (route) =>
        route.fulfill({ status: 404, body: '' }),
      );
      const page = await openLivePage(isolated.context, `${server.url}/verdicts`);
      appendFileSync(
        join(root, '.autoswe', 'VERDICTS'),
        verdictLine(15, 'lexer', 'ACCEPT', 'seen without the worker'),
      );
      await page
        .locator('table.verdicts tbody tr')
        .first()
        .filter({ hasText: 'seen without the worker' })
        .waitFor({ timeout: 15_000 });
    } finally {
      await isolated.close();
    }
  });

  it('after the server restarts, an open page says reconnecting, comes back live and shows what changed meanwhile', async () => {
    const page = await openLive('/verdicts');
    const port = new URL(server.url).port;
    await server.stop();
    await page.locator('#live[data-state="down"]', { hasText: 'reconnecting' }).waitFor({ timeout: 5000 });
    appendFileSync(
      join(root, '.autoswe', 'VERDICTS'),
      verdictLine(13, 'parser', 'ACCEPT', 'written while the server was down'),
    );
    server = await startServe(['--port', port], { cwd: root });
    await page.locator('#live[data-state="live"]').waitFor({ timeout: 5000 });
    await page
      .locator('table.verdicts tbody tr')
      .first()
      .filter({ hasText: 'written while the server was down' })
      .waitFor({ timeout: 15_000 });
    await page.close();
  });
});
