// Benchmark: requests per second and latency percentiles of GET /api/status from `autoswe serve`, on the
// 10,000-cell workspace of bench/fixture.mjs. Loopback only, bounded in request count and in time.
// Usage: npm run build && node bench/serve.mjs [--requests 20000] [--concurrency 16] [--seconds 20]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeLargeWorkspace } from './fixture.mjs';
import { startServer, stopServer } from './serve-process.mjs';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '20' },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const DEADLINE_MS = Number(values.seconds) * 1000;

/** The shared 10,000-cell workspace (bench/fixture.mjs: 100k verdicts, 200 rule events) plus 50 journey entries. */
function makeFixture(root) {
  makeLargeWorkspace(root);
  for (let i = 1; i <= 50; i++)
    writeFileSync(join(root, 'docs', 'journey', `iter-${i}.md`), `# Iteration ${i}\n\ntext\n`);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function load(url) {
  const latencies = [];
  let issued = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < REQUESTS && performance.now() - started < DEADLINE_MS) {
      issued++;
      const t0 = performance.now();
      const response = await fetch(`${url}/api/status`);
      await response.arrayBuffer();
      if (response.status !== 200) failures++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, failures, elapsed, latencies };
}

const root = mkdtempSync(join(tmpdir(), 'autoswe-bench-serve-'));
let server;
try {
  makeFixture(root);
  server = await startServer(root);
  // Warm-up: first requests pay for JIT and the first GPU/proxy probe.
  for (let i = 0; i < 50; i++) await (await fetch(`${server.url}/api/status`)).arrayBuffer();
  const result = await load(server.url);
  const ms = (value) => `${value.toFixed(2)} ms`;
  console.log(
    `GET /api/status on a 10,000-cell workspace (${CONCURRENCY} concurrent, node ${process.version})`,
  );
  console.log(`  requests   ${result.requests} in ${result.elapsed.toFixed(2)} s, ${result.failures} failed`);
  console.log(`  throughput ${(result.requests / result.elapsed).toFixed(0)} requests/s`);
  console.log(
    `  latency    p50 ${ms(percentile(result.latencies, 50))}  p90 ${ms(percentile(result.latencies, 90))}  p99 ${ms(percentile(result.latencies, 99))}  max ${ms(result.latencies.at(-1))}`,
  );
  if (result.failures > 0) process.exitCode = 1;
} finally {
  await stopServer(server);
  rmSync(root, { recursive: true, force: true });
}
