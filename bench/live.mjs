// Benchmark: the live-update latencies the issues promise "within 1 s", measured instead of asserted by the
// tests. One workspace, one `autoswe serve`, one TUI in a private tmux; each round times, from the write:
//   sse        a verdict appended to VERDICTS → /api/events sends a `change` naming `verdicts`;
//   page       the same → the open /verdicts page in headless Chromium has the row (a MutationObserver in
//              the page stamps the moment, so Playwright's own polling is not counted);
//   tui        state.json replaced (write + rename, as the loop does) with the next iteration number →
//              `tmux capture-pane` shows it (polled every 10 ms: up to 10 ms of the figure is the poll);
//   transcript a line appended to the active transcript → its open page shows it;
//   agent      the same line → the TUI's agent panel shows it (the issue asks 200 ms for this one).
// Usage: npm run build && node bench/live.mjs [--rounds 20]
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, stopServer } from './serve-process.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
const ROUNDS = Number(values.rounds);
const TARGET_MS = 1000;
/** A change not seen by then counts as lost (and fails the bench): ten times the target. */
const GIVE_UP_MS = 10 * TARGET_MS;
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');
const CHROMIUM = '/usr/bin/chromium';
const RUN = '20261202T190000Z-be01';
/** Iteration numbers of one width (the TUI shows `iter N`), so that none is a prefix of a later one. */
const FIRST_ITER = 100_000;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const env = {
  ...process.env,
  NO_COLOR: '1',
  AUTOSWE_REPO_ROOT: '',
  AUTOSWE_RUNTIME_DIR: '',
  AUTOSWE_SERVE_TOKEN: '',
  AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9',
};
const socket = `autoswe-bench-live-${process.pid}`;
const tmux = (...args) =>
  execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
/** Round markers of one width, so that no marker is a prefix of a later one. */
const mark = (round) => `m${String(round).padStart(4, '0')}z`;
const verdictLine = (reason) =>
  `${JSON.stringify({ at: new Date().toISOString(), epoch: 0, iter: 1, module: 'bench', verdict: 'ACCEPT', reason, green_before: 0, green_after: 1 })}\n`;
const assistantLine = (text) =>
  `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text }] } })}\n`;

/** Follows /api/events; `next(topic)` resolves with performance.now() at the next change naming `topic`. */
async function followEvents(url) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/events`, { signal: controller.signal });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let waiting = null;
  let buffer = '';
  let helloed;
  const hello = new Promise((done) => {
    helloed = done;
  });
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const at = performance.now();
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: hello$/m.test(block)) helloed();
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: change$/m.test(block) && data && waiting?.matches(JSON.parse(data))) {
            waiting.resolve(at);
            waiting = null;
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted at the end.
    }
  })();
  await hello;
  return {
    next: (topic) =>
      new Promise((resolveNext) => {
        waiting = { matches: (event) => event.topics.includes(topic), resolve: resolveNext };
      }),
    close: () => controller.abort(),
  };
}

/** Arms an observer in the page: `seen()` then resolves with the epoch ms at which `text` first appeared. */
async function armPage(page, text) {
  await page.evaluate((marker) => {
    window.__seen = new Promise((resolveSeen) => {
      const check = () => {
        if (!document.documentElement.textContent.includes(marker)) return;
        observer.disconnect();
        resolveSeen(Date.now());
      };
      const observer = new MutationObserver(check);
      observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true });
      check();
    });
  }, text);
  return { seen: () => page.evaluate(() => window.__seen) };
}

/** Resolves with performance.now() once the pane shows `text`, polling every 10 ms. */
async function paneShows(what, text) {
  const deadline = performance.now() + GIVE_UP_MS;
  while (performance.now() < deadline) {
    if (tmux('capture-pane', '-p', '-t', 'tui').includes(text)) return performance.now();
    await sleep(10);
  }
  throw new Error(`${what}: not seen within ${GIVE_UP_MS} ms`);
}

const withDeadline = (what, promise) =>
  Promise.race([
    promise,
    sleep(GIVE_UP_MS).then(() => {
      throw new Error(`${what}: not seen within ${GIVE_UP_MS} ms`);
    }),
  ]);

function report(name, what, latencies, target = TARGET_MS) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const ms = (value) => `${value.toFixed(1)} ms`;
  const verdict = sorted.at(-1) <= target ? 'PASS' : 'OVER';
  console.log(
    `${name.padEnd(10)} p50 ${ms(at(0.5)).padStart(9)}  p90 ${ms(at(0.9)).padStart(9)}  max ${ms(sorted.at(-1)).padStart(9)}  ${verdict} (target ${target} ms)  ${what}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'autoswe-bench-live-'));
let server;
let browser;
try {
  execFileSync(process.execPath, [BIN, 'init', dir], { env, stdio: 'ignore' });
  const runtime = join(dir, '.autoswe');
  const verdicts = join(runtime, 'VERDICTS');
  const transcripts = join(runtime, 'transcripts');
  mkdirSync(transcripts, { recursive: true });
  const transcript = join(transcripts, `${RUN}-iter-1.jsonl`);
  writeFileSync(transcript, assistantLine('The bench session begins.'));
  writeFileSync(join(runtime, 'ACTIVE'), `${transcript}\n`);
  const writeState = (iter) => {
    writeFileSync(
      join(runtime, 'state.json.bench'),
      JSON.stringify({ status: 'RUNNING', epoch: 0, iter, vertex: 'implement' }),
    );
    renameSync(join(runtime, 'state.json.bench'), join(runtime, 'state.json'));
  };
  writeState(FIRST_ITER - 1);
  server = await startServer(dir, { env });
  const feed = await followEvents(server.url);
  const command = `exec env AUTOSWE_PROXY_BASE=http://127.0.0.1:9 NO_COLOR=1 ${process.execPath} ${BIN} --root ${dir}`;
  tmux('new-session', '-d', '-s', 'tui', '-x', '80', '-y', '24', command);
  await paneShows('the TUI to start', `iter ${FIRST_ITER - 1} `);

  let pages = null;
  if (existsSync(CHROMIUM)) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    const context = await browser.newContext();
    const verdictsPage = await context.newPage();
    await verdictsPage.goto(`${server.url}/verdicts`);
    await verdictsPage.locator('#live[data-state="live"]').waitFor({ timeout: GIVE_UP_MS });
    const transcriptPage = await context.newPage();
    await transcriptPage.goto(`${server.url}/transcript`);
    await transcriptPage.locator('#transcript[data-stream="open"]').waitFor({ timeout: GIVE_UP_MS });
    pages = { verdicts: verdictsPage, transcript: transcriptPage };
  } else {
    console.log(`${CHROMIUM} is not installed: the page rows are left out`);
  }

  const figures = { sse: [], page: [], tui: [], transcript: [], agent: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const marker = mark(round);
    // A verdict: the feed and the open verdicts page.
    const armed = pages && (await armPage(pages.verdicts, `verdict ${marker}`));
    const announced = feed.next('verdicts');
    const wroteAt = Date.now();
    const started = performance.now();
    appendFileSync(verdicts, verdictLine(`verdict ${marker}`));
    figures.sse.push((await withDeadline('the change event', announced)) - started);
    if (armed) figures.page.push((await withDeadline('the verdicts page', armed.seen())) - wroteAt);
    // A state change: the TUI.
    await sleep(200);
    const stateStarted = performance.now();
    writeState(FIRST_ITER + round);
    figures.tui.push((await paneShows('the TUI', `iter ${FIRST_ITER + round} `)) - stateStarted);
    // A transcript line: its open page, and the TUI's agent panel.
    await sleep(200);
    const line = pages && (await armPage(pages.transcript, `line ${marker}`));
    const appendedAt = Date.now();
    const appended = performance.now();
    appendFileSync(transcript, assistantLine(`line ${marker}`));
    figures.agent.push((await paneShows("the TUI's agent panel", `line ${marker}`)) - appended);
    if (line) figures.transcript.push((await withDeadline('the transcript page', line.seen())) - appendedAt);
    // Apart from the next round's writes, at a varying phase against any timer in the watchers.
    await sleep(200 + Math.random() * 300);
  }
  feed.close();

  const [one] = loadavg();
  console.log(
    `${ROUNDS} rounds, Node ${process.version}, ${process.platform} ${process.arch}, load average ${one.toFixed(2)} at the end`,
  );
  report('sse', 'VERDICTS append → /api/events change', figures.sse);
  if (pages) report('page', 'VERDICTS append → the open /verdicts page shows the row', figures.page);
  report('tui', 'state.json replaced → the TUI in tmux shows it', figures.tui);
  if (pages)
    report('transcript', 'active transcript append → its open page shows the line', figures.transcript);
  report('agent', "active transcript append → the TUI's agent panel shows the line", figures.agent, 200);
} finally {
  await browser?.close();
  try {
    tmux('kill-server');
  } catch {
    // Already gone.
  }
  await stopServer(server);
  rmSync(dir, { recursive: true, force: true });
}
