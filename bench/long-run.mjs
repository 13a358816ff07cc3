// Flat cost over a long run (issue 10): the same operations on the "small" history workspace (10,000 cells,
// 100,000 verdicts, 100 journey entries, 20 runs, a 1 MB transcript) and on "long-run", a loop that ran for
// weeks (100,000 cells over 500 modules, 1,000,000 verdicts, 10,000 journey entries, 2,000 runs, a 1 GB
// transcript), both from bench/fixture.mjs. The goal: every cost at most 1.1 × the small case's.
//
// - CLI: `status --json`, `verdicts -n 10`, `journey`, `runs list`: wall time of the whole process
//   (interleaved rounds, median) and CPU time (user + system, mean: it hardly moves when other work shares
//   the machine);
// - the TUI's first screen: `autoswe tui` in a pseudo-terminal (script(1)) until "recent verdicts" shows;
// - `serve`: GET /, /parity, /verdicts and /journey/<latest> on a running server (median of sequential
//   requests after one warm-up each);
// - `watch-agent --replay RUN --raw` of the transcript: time to its first line, and the peak RSS of a whole
//   replay (GNU time's %M).
// `--before DIR` runs the same for another built checkout of autoswe, side by side in the same rounds.
// The fixtures (1.3 GB for long-run) go to bench/fixtures/ (git-ignored) unless --fixtures DIR;
// `--clean` deletes the 1 GB transcript afterwards.
// Usage: node bench/long-run.mjs [--runs 11] [--before DIR] [--fixtures DIR] [--clean]   (after npm run build)
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeHistoryWorkspace } from './fixture.mjs';
import { startServer, stopServer } from './serve-process.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '11' },
    before: { type: 'string' },
    fixtures: { type: 'string', default: resolve(import.meta.dirname, 'fixtures') },
    clean: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const builds = [{ label: '', bin: resolve(import.meta.dirname, '..', 'bin', 'autoswe.js') }];
if (values.before) builds.push({ label: ' (before)', bin: resolve(values.before, 'bin', 'autoswe.js') });

const failures = new Set();

/** CPU time (user + system) of the children waited for so far, from /proc/self/stat, in 10 ms ticks. */
function childCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

const median = (list) =>
  list.some(Number.isNaN) ? Number.NaN : [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/** Wall time until `done(output so far)` is true (then the child is killed) or the process exits. */
function timeUntil(command, args, { cwd, env, done = () => false }) {
  return new Promise((resolveTime, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let stderr = '';
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      resolveTime(Number(process.hrtime.bigint() - started) / 1e6);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      if (finished) return;
      out += chunk;
      if (done(out)) {
        finish();
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      // A command that fails (the old replay of a 1 GB transcript) is reported, not timed.
      if (!finished && code !== 0) {
        failures.add(`${args.slice(0, 3).join(' ')} …: exit ${code}: ${stderr.trim().split('\n')[0]}`);
        finished = true;
        resolveTime(Number.NaN);
      }
      finish();
    });
  });
}

async function timeRequest(url) {
  const started = performance.now();
  const response = await fetch(url, { headers: { accept: 'text/html' } });
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

/** Peak resident memory (KiB) of a whole command, by GNU time (which reports on stderr). */
function peakRssOf(args, cwd, env) {
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0)
    failures.add(`${args.slice(0, 3).join(' ')} …: ${result.stderr.trim().split('\n')[0]}`);
  return Number(result.stderr.trim().split('\n').at(-1));
}

async function main() {
  const fixtures = {
    small: makeHistoryWorkspace(join(values.fixtures, 'history-small'), 'small'),
    long: makeHistoryWorkspace(join(values.fixtures, 'history-long'), 'long'),
  };
  const proxy = createServer((_req, res) => res.writeHead(200).end('{"ok":true}'));
  await new Promise((done) => proxy.listen(0, '127.0.0.1', done));
  const { NODE_OPTIONS: _options, NODE_EXTRA_CA_CERTS: _certs, ...inherited } = process.env;
  const env = {
    ...inherited,
    AUTOSWE_PROXY_BASE: `http://127.0.0.1:${proxy.address().port}`,
    AUTOSWE_REPO_ROOT: '',
    AUTOSWE_RUNTIME_DIR: '',
    XDG_RUNTIME_DIR: '',
    NO_COLOR: '1',
    TERM: 'xterm-256color',
    COLUMNS: '120',
    LINES: '40',
  };
  const load = loadavg()[0];
  const rows = [];
  const record = (name, size, value, unit) => rows.push({ name, size, value, unit });

  // CLI commands and the TUI, interleaved: every round runs each (build × command × size) once.
  const cases = [];
  for (const { label, bin } of builds) {
    for (const args of [['status', '--json'], ['verdicts', '-n', '10'], ['journey'], ['runs', 'list']]) {
      for (const size of ['small', 'long']) {
        cases.push({
          name: `${args.join(' ')}${label}`,
          size,
          command: process.execPath,
          args: [bin, ...args],
        });
      }
    }
    for (const size of ['small', 'long']) {
      cases.push({
        name: `tui, first screen${label}`,
        size,
        command: 'script',
        args: ['-qfc', `'${process.execPath}' '${bin}' tui`, '/dev/null'],
        done: (out) => out.includes('recent verdicts'),
      });
      const { run, iter } = fixtures[size];
      cases.push({
        name: `watch-agent --replay --raw, first line${label}`,
        size,
        command: process.execPath,
        args: [bin, 'watch-agent', '--replay', run, '--iter', String(iter), '--raw'],
        done: (out) => out.includes('\n'),
      });
    }
  }
  const times = cases.map(() => []);
  const cpu = cases.map(() => 0);
  for (const item of cases)
    await timeUntil(item.command, item.args, { cwd: fixtures[item.size].root, env, done: item.done });
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + round) % cases.length;
      const item = cases[index];
      const before = childCpuMs();
      times[index].push(
        await timeUntil(item.command, item.args, { cwd: fixtures[item.size].root, env, done: item.done }),
      );
      cpu[index] += childCpuMs() - before;
    }
  }
  for (const [index, item] of cases.entries()) {
    record(item.name, item.size, median(times[index]), 'ms');
    // A killed child (the TUI, a replay stopped at its first line) is not waited for whole: no CPU figure.
    if (item.done === undefined) record(`${item.name}, CPU (mean)`, item.size, cpu[index] / runs, 'ms');
  }

  // serve: one server per build and size, pages asked in turn.
  for (const { label, bin } of builds) {
    for (const size of ['small', 'long']) {
      const server = await startServer(fixtures[size].root, { bin, env });
      try {
        const latest = size === 'long' ? 10_000 : 100;
        const pages = {
          '/': 'index',
          '/parity': 'parity',
          '/verdicts': 'verdicts',
          [`/journey/${latest}`]: 'journey entry',
        };
        for (const [path, name] of Object.entries(pages)) {
          await timeRequest(`${server.url}${path}`);
          const samples = [];
          let bytes = 0;
          for (let i = 0; i < Math.max(5, runs); i++) {
            const result = await timeRequest(`${server.url}${path}`);
            samples.push(result.ms);
            bytes = result.bytes;
          }
          record(
            `serve ${name} page (${path.startsWith('/journey') ? '/journey/N' : path})${label}`,
            size,
            median(samples),
            'ms',
          );
          record(`serve ${name} page size${label}`, size, bytes / 1024, 'KiB');
        }
      } finally {
        await stopServer(server);
      }
    }
  }

  // Memory of a whole replay.
  for (const { label, bin } of builds) {
    for (const size of ['small', 'long']) {
      const { run, iter, root } = fixtures[size];
      const rss = peakRssOf(
        [bin, 'watch-agent', '--replay', run, '--iter', String(iter), '--raw'],
        root,
        env,
      );
      record(`watch-agent --replay --raw, peak RSS${label}`, size, rss / 1024, 'MiB');
    }
  }
  proxy.close();
  if (values.clean) rmSync(fixtures.long.transcript, { force: true });

  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}`,
  );
  console.log(
    `date: ${new Date().toISOString()}; ${runs} rounds; load average at start ${load.toFixed(1)}\n`,
  );
  console.log('| measure | small | long-run | long / small | ≤ 1.1 |\n| --- | ---: | ---: | ---: | --- |');
  process.on('exit', () => {
    for (const failure of failures) console.log(`\nfailed: ${failure}`);
  });
  const names = [...new Set(rows.map((row) => row.name))];
  for (const name of names) {
    const small = rows.find((row) => row.name === name && row.size === 'small');
    const long = rows.find((row) => row.name === name && row.size === 'long');
    const ratio = long.value / small.value;
    const fmt = (row) => (Number.isFinite(row.value) ? `${row.value.toFixed(1)} ${row.unit}` : 'failed');
    console.log(
      `| ${name} | ${fmt(small)} | ${fmt(long)} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '-'} | ${ratio <= 1.1 ? 'yes' : 'NO'} |`,
    );
  }
}

await main();
