// Benchmark: GET /metrics from `autoswe serve` on the 100,000-verdict workspace of bench/fixture.mjs
// (10,000 cells in 100 modules). The first scrape folds all of VERDICTS; later ones read only what was
// appended. Prints the first scrape, p50/p90/max of the next ones, and one after 1,000 new verdicts.
// Usage: npm run build && node bench/metrics.mjs [--scrapes 200]
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeLargeWorkspace } from './fixture.mjs';
import { startServer, stopServer } from './serve-process.mjs';

const { values } = parseArgs({ options: { scrapes: { type: 'string', default: '200' } } });
const SCRAPES = Number(values.scrapes);

async function scrape(url) {
  const started = performance.now();
  const response = await fetch(`${url}/metrics`);
  const text = await response.text();
  if (response.status !== 200 || !text.includes('autoswe_verdicts_total')) throw new Error('bad scrape');
  return { ms: performance.now() - started, text };
}

const root = mkdtempSync(join(tmpdir(), 'autoswe-bench-metrics-'));
let server;
try {
  makeLargeWorkspace(root);
  server = await startServer(root);
  const first = await scrape(server.url);
  const times = [];
  for (let i = 0; i < SCRAPES; i++) times.push((await scrape(server.url)).ms);
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  const lines = Array.from(
    { length: 1000 },
    (_, i) =>
      `${JSON.stringify({ at: new Date().toISOString(), epoch: 0, iter: i, module: 'module-000', verdict: 'ACCEPT', reason: 'bench', session: { outcome: 'ok', cost_usd: 0.01, tokens: { input: 1, output: 1, cache_read: 1, cache_creation: 0 } } })}\n`,
  );
  appendFileSync(join(root, '.autoswe', 'VERDICTS'), lines.join(''));
  const after = await scrape(server.url);
  const ms = (value) => `${value.toFixed(2)} ms`;
  const verdicts = /autoswe_verdicts_total\{verdict="ACCEPT"\} (\d+)/.exec(after.text)?.[1];
  console.log(`first scrape (folds 100,000 verdicts): ${ms(first.ms)}, ${first.text.length} bytes`);
  console.log(`next ${SCRAPES} scrapes: p50 ${ms(at(50))}, p90 ${ms(at(90))}, max ${ms(times.at(-1))}`);
  console.log(`after 1,000 more verdicts: ${ms(after.ms)} (ACCEPT now ${verdicts})`);
} finally {
  await stopServer(server);
  rmSync(root, { recursive: true, force: true });
}
