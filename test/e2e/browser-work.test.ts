import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, chromiumMissing, launchBrowser, OUTPUT } from '../helpers/browser.js';
import { initWorkspace } from '../helpers/cli.js';
import { type ServeProcess, startServe } from '../helpers/serve.js';

const skip = chromiumMissing();
const RUN = '20261202T150000Z-ab12';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
    encoding: 'utf8',
  }).trim();

const assistant = (text: string) =>
  `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text }] } })}\n`;

describe.skipIf(skip)('the transcript and diff pages of an iteration (chromium)', () => {
  let cleanup: () => void;
  let serve: ServeProcess;
  let browser: Browser;
  let root: string;
  let commit: string;
  let active: string;

  beforeAll(async () => {
    const workspace = await initWorkspace();
    cleanup = workspace.cleanup;
    root = workspace.root;
    const target = join(root, 'target');
    mkdirSync(join(target, 'src'), { recursive: true });
    git(target, 'init', '-q');
    writeFileSync(
      join(target, 'src', 'calc.go'),
      'package calc\n\nfunc Add(a, b int) int { return a + b }\n',
    );
    git(target, 'add', '-A');
    git(target, 'commit', '-qm', 'start');
    writeFileSync(
      join(target, 'src', 'calc.go'),
      'package calc\n\nfunc Add(a, b int) int { return a + b }\n\nfunc Mul(a, b int) int { return a * b }\n',
    );
    git(target, 'commit', '-qam', 'iteration 1: Mul for <calc>');
    commit = git(target, 'rev-parse', 'HEAD');
    const runtime = join(root, '.autoswe');
    const base = { epoch: 0, module: 'calc', run: RUN, green_before: 1, green_after: 2, total: 4 };
    appendFileSync(
      join(runtime, 'VERDICTS'),
      `${JSON.stringify({ ...base, at: '2026-12-02T15:01:00Z', iter: 1, verdict: 'ACCEPT', reason: '1 cell RED→GREEN', commit })}\n${JSON.stringify({ ...base, at: '2026-12-02T15:02:00Z', iter: 2, verdict: 'REVERT', reason: 'regressed calc/add', green_after: 2, commit })}\n`,
    );
    const reverted = join(runtime, 'runs', RUN, 'reverted', 'iter-2');
    mkdirSync(reverted, { recursive: true });
    writeFileSync(
      join(reverted, 'diff.patch'),
      'diff --git a/src/calc.go b/src/calc.go\n--- a/src/calc.go\n+++ b/src/calc.go\n@@ -1,3 +1,3 @@\n package calc\n \n-func Add(a, b int) int { return a + b }\n+func Add(a, b int) int { return a - b } // <script>alert(1)</script>\n',
    );
    mkdirSync(join(runtime, 'transcripts'), { recursive: true });
    active = join(runtime, 'transcripts', `${RUN}-iter-3.jsonl`);
    writeFileSync(active, assistant('Looking at <calc> first.'));
    writeFileSync(join(runtime, 'ACTIVE'), `${active}\n`);
    serve = await startServe(['--port', '0'], { cwd: root });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    cleanup?.();
  });

  it('a line appended to the active transcript appears on its open page, without reload', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${serve.url}/transcript`);
    expect(page.url()).toContain(`/runs/${RUN}/iter/3/transcript`);
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    await expect(page.locator('#transcript').textContent()).resolves.toContain('Looking at <calc> first.');
    // The stream is open once the server said hello; wait for the connection, not for a time.
    await page.locator('#transcript[data-stream="open"]').waitFor({ timeout: 5000 });
    appendFileSync(
      active,
      `${JSON.stringify({ type: 'assistant', message: { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'go test ./...' } }] } })}\n`,
    );
    // Deadlines for a loaded machine, not the target: bench/live.mjs measures the latency.
    await page.locator('.t-tool', { hasText: 'go test ./...' }).waitFor({ timeout: 15_000 });
    appendFileSync(
      active,
      `${JSON.stringify({ type: 'result', subtype: 'success', is_error: true, api_error_status: 529 })}\n`,
    );
    await page.locator('.t-end-error', { hasText: 'api_error_status 529' }).waitFor({ timeout: 15_000 });
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    await page.screenshot({ path: join(OUTPUT, 'web-transcript.png'), fullPage: true });
    // The loop starts the next session: the page of the active session moves on to it.
    const next = join(root, '.autoswe', 'transcripts', `${RUN}-iter-4.jsonl`);
    writeFileSync(next, assistant('The next session begins.'));
    writeFileSync(join(root, '.autoswe', 'ACTIVE.tmp'), `${next}\n`);
    renameSync(join(root, '.autoswe', 'ACTIVE.tmp'), join(root, '.autoswe', 'ACTIVE'));
    await page.waitForURL(/\/iter\/4\/transcript/, { timeout: 5000 });
    await expect(page.locator('#transcript').textContent()).resolves.toContain('The next session begins.');
    await page.close();
  });

  it("the verdicts page links each iteration's diff; an ACCEPT's diff page shows its commit, coloured", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${serve.url}/verdicts`);
    await page.locator(`a[href="/runs/${RUN}/iter/1/diff"]`).click();
    await page.locator('table.diff').waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain(`commit ${commit.slice(0, 12)}`);
    expect(text).toContain('iteration 1: Mul for <calc>');
    expect(text).toContain('func Mul(a, b int) int { return a * b }');
    // highlight.js coloured the Go code (server-side), and its theme is served from the package.
    await expect(page.locator('.d-add .hljs-keyword').count()).resolves.toBeGreaterThan(0);
    const color = await page
      .locator('.d-add .hljs-keyword')
      .first()
      .evaluate((e) => getComputedStyle(e).color);
    expect(color).not.toBe('rgb(0, 0, 0)');
    await page.screenshot({ path: join(OUTPUT, 'web-diff-accept.png'), fullPage: true });
    await page.close();
  });

  it("a REVERT's diff page shows the thrown-away change, escaped", async () => {
    const page = await browser.context.newPage();
    let alerted = false;
    page.on('dialog', (dialog) => {
      alerted = true;
      void dialog.dismiss();
    });
    await page.goto(`${serve.url}/runs/${RUN}/iter/2/diff`);
    const text = await page.locator('main').textContent();
    expect(text).toContain('thrown away by the REVERT');
    expect(text).toContain('return a - b } // <script>alert(1)</script>');
    await expect(page.locator('.d-del').count()).resolves.toBe(1);
    expect(alerted).toBe(false);
    await page.screenshot({ path: join(OUTPUT, 'web-diff-revert.png'), fullPage: true });
    // An iteration with no saved patch says so.
    const none = await fetch(`${serve.url}/runs/${RUN}/iter/9/diff`, { headers: { accept: 'text/html' } });
    expect(await none.text()).toContain('no verdict for iteration 9');
    await page.close();
  });
});
