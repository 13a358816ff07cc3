// Benchmark: the TUI's CPU while idle with the live agent panel following an active transcript, in a real
// terminal (a private tmux server, 80x24 and 160x50). Measures the TUI process's user+system CPU ticks over
// an idle window, then over the same window with one transcript line appended every second.
// Usage: npm run build && node bench/tui-idle.mjs [--seconds 10]
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const SECONDS = Number(values.seconds);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');
const TICKS_PER_SECOND = 100;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const socket = `autoswe-bench-tui-${process.pid}`;
const tmux = (...args) =>
  execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const ticks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const line = (text) =>
  `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text }] } })}\n`;

const dir = mkdtempSync(join(tmpdir(), 'autoswe-bench-tui-'));
try {
  execFileSync(process.execPath, [BIN, 'init', dir], { stdio: 'ignore' });
  const transcripts = join(dir, '.autoswe', 'transcripts');
  mkdirSync(transcripts, { recursive: true });
  const transcript = join(transcripts, 'bench-iter-1.jsonl');
  writeFileSync(transcript, Array.from({ length: 2000 }, (_, i) => line(`history ${i}`)).join(''));
  writeFileSync(join(dir, '.autoswe', 'ACTIVE'), `${transcript}\n`);
  for (const [columns, rows] of [
    [80, 24],
    [160, 50],
  ]) {
    const command = `AUTOSWE_PROXY_BASE=http://127.0.0.1:9 exec ${process.execPath} ${BIN} --root ${dir}`;
    tmux('new-session', '-d', '-s', 'tui', '-x', String(columns), '-y', String(rows), command);
    const pid = Number(tmux('display', '-p', '-t', 'tui', '#{pane_pid}').trim());
    for (let i = 0; i < 100 && !tmux('capture-pane', '-p', '-t', 'tui').includes('history 1999'); i++)
      await sleep(100);
    await sleep(2000);
    const idleStart = ticks(pid);
    await sleep(SECONDS * 1000);
    const idle = ticks(pid) - idleStart;
    const busyStart = ticks(pid);
    for (let i = 0; i < SECONDS; i++) {
      appendFileSync(transcript, line(`new line ${i}`));
      await sleep(1000);
    }
    const busy = ticks(pid) - busyStart;
    const pct = (value) => `${((value / TICKS_PER_SECOND / SECONDS) * 100).toFixed(1)} %`;
    console.log(
      `${columns}x${rows}: idle ${SECONDS} s: ${idle} ticks (${pct(idle)} of one CPU); a line a second: ${busy} ticks (${pct(busy)})`,
    );
    tmux('kill-session', '-t', 'tui');
  }
} finally {
  try {
    tmux('kill-server');
  } catch {
    // Already gone.
  }
  rmSync(dir, { recursive: true, force: true });
}
