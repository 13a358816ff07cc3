// Benchmark: how soon `autoswe watch-agent` shows a line appended to the active transcript (the issue asks
// for 200 ms), and how much CPU it uses while idle. Each round appends one assistant line and times from
// the append to the moment the rendered text arrives on watch-agent's stdout.
// Usage: npm run build && node bench/watch-agent.mjs [--rounds 30]
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '30' } } });
const ROUNDS = Number(values.rounds);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');
const dir = mkdtempSync(join(tmpdir(), 'autoswe-bench-watch-'));
const env = { ...process.env, NO_COLOR: '1', AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '' };
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const cpuTicks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

let child;
try {
  execFileSync(process.execPath, [BIN, 'init', dir], { env, stdio: 'ignore' });
  const transcript = join(dir, '.autoswe', 'transcripts', 'bench-iter-1.jsonl');
  mkdirSync(join(dir, '.autoswe', 'transcripts'), { recursive: true });
  writeFileSync(transcript, '');
  writeFileSync(join(dir, '.autoswe', 'ACTIVE'), `${transcript}\n`);
  child = spawn(process.execPath, [BIN, 'watch-agent'], { cwd: dir, env });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  while (!stdout.includes('agent session')) await sleep(5);

  const latencies = [];
  for (let round = 0; round < ROUNDS; round++) {
    const marker = `bench-line-${round}`;
    const line = { type: 'assistant', message: { content: [{ type: 'text', text: marker }] } };
    const start = performance.now();
    appendFileSync(transcript, `${JSON.stringify(line)}\n`);
    while (!stdout.includes(marker)) await new Promise((done) => setImmediate(done));
    latencies.push(performance.now() - start);
    await sleep(50);
  }
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  console.log(`append → shown, ${ROUNDS} rounds: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);

  const before = cpuTicks(child.pid);
  await sleep(10_000);
  const ticks = cpuTicks(child.pid) - before;
  console.log(
    `idle for 10 s: ${ticks} CPU ticks (${((ticks * 10) / 10_000) * 100} % of one CPU at 100 ticks/s)`,
  );
} finally {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
