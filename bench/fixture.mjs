// Generates benchmark workspaces: a "large" one (10,000 parity cells, 100,000 verdict lines, rules,
// heartbeat, state), VERDICTS-only ones of a given size (1 MB, 1 GB) for the tail-read comparison, and two
// run-history workspaces for the flat-cost comparison (bench/long-run.mjs): "small" (the large one plus
// 100 journey entries, 20 runs and a 1 MB transcript) and "long-run", a loop that ran for weeks
// (1,000,000 verdict lines, 100,000 cells over 500 modules, 10,000 journey entries, 2,000 runs, a 1 GB
// transcript).
// Usage: node bench/fixture.mjs DIR   (prints the workspace paths as JSON; long-run only with --long-run)
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const KINDS = ['ACCEPT', 'REVISE', 'REVERT'];
const MODULES = 100;
const CELLS_PER_MODULE = 100;

function verdictLine(index, modules = MODULES) {
  return `${JSON.stringify({
    at: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
    epoch: Math.floor(index / 1000),
    iter: index % 1000,
    module: `module-${String(index % modules).padStart(3, '0')}`,
    verdict: KINDS[index % 3],
    reason: `${index % 7} cells RED→GREEN, no regressions`,
    green_before: index % 10_000,
    green_after: (index % 10_000) + 1,
    run: 'bench-run',
  })}\n`;
}

/** Writes VERDICTS lines until the file holds `lines` lines or `bytes` bytes, in large blocks. */
function writeVerdicts(
  path,
  { lines = Number.POSITIVE_INFINITY, bytes = Number.POSITIVE_INFINITY, modules = MODULES },
) {
  const fd = openSync(path, 'w');
  let written = 0;
  let index = 0;
  try {
    while (index < lines && written < bytes) {
      let block = '';
      while (block.length < 1 << 20 && index < lines && written + block.length < bytes)
        block += verdictLine(index++, modules);
      written += writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
  return { lines: index, bytes: written };
}

function workspace(root) {
  mkdirSync(join(root, '.autoswe'), { recursive: true });
  mkdirSync(join(root, 'docs', 'journey'), { recursive: true });
  writeFileSync(join(root, 'autoswe.yaml'), 'target: ./target\nmodules: {}\n');
  return join(root, '.autoswe');
}

export function makeLargeWorkspace(
  root,
  { modules = MODULES, cellsPerModule = CELLS_PER_MODULE, verdicts = 100_000 } = {},
) {
  const runtime = workspace(root);
  const parity = {};
  for (let m = 0; m < modules; m++) {
    const cells = {};
    for (let c = 0; c < cellsPerModule; c++) {
      cells[`case-${String(c).padStart(3, '0')}`] = {
        status: (m * cellsPerModule + c) % 4 === 0 ? 'RED' : 'GREEN',
        at: '2026-11-23T22:31:47.120Z',
        detail: 'output equals the baseline',
      };
    }
    parity[`module-${String(m).padStart(3, '0')}`] = { flipped: m % 10 === 0, flipped_at: null, cells };
  }
  writeFileSync(join(runtime, 'parity.json'), JSON.stringify({ modules: parity }, null, 2));
  writeVerdicts(join(runtime, 'VERDICTS'), { lines: verdicts, modules });
  const now = new Date().toISOString();
  writeFileSync(
    join(runtime, 'state.json'),
    JSON.stringify({
      status: 'RUNNING',
      epoch: 100,
      iter: 12,
      module: 'module-042',
      vertex: 'implement',
      updated_at: now,
    }),
  );
  writeFileSync(
    join(runtime, 'HEARTBEAT'),
    JSON.stringify({ at: now, pid: 4242, run: 'bench-run', epoch: 100, iter: 12, vertex: 'implement' }),
  );
  let queue = '';
  for (let r = 0; r < 200; r++) {
    queue += `${JSON.stringify({ type: 'proposal', id: `r-${r}`, at: now, kind: r % 3 === 0 ? 'additive' : 'relaxation', text: `rule ${r}`, rationale: 'bench', target: r % 3 === 0 ? null : 'r-0', source: 'meta-judge' })}\n`;
    if (r % 2 === 0)
      queue += `${JSON.stringify({ type: 'decision', id: `r-${r}`, at: now, decision: 'approved', by: 'bench', note: null })}\n`;
  }
  writeFileSync(join(runtime, 'RULES_QUEUE'), queue);
  return root;
}

export function makeVerdictsWorkspace(root, bytes) {
  const runtime = workspace(root);
  const path = join(runtime, 'VERDICTS');
  if (!existsSync(path) || statSync(path).size < bytes * 0.99) writeVerdicts(path, { bytes });
  return root;
}

const RUN_CONFIG = {
  file: '/srv/ws/autoswe.yaml',
  target: '/srv/ws/target',
  agent: { kind: 'claude-code', command: 'claude', model: 'opus', max_turns: 200, timeout: '45m' },
  judge: { kind: 'claude-code', command: 'claude', model: 'opus' },
  limits: { max_iters: 1000, verify_parallel: 4, verify_timeout: '60s' },
  watchdog: { stale_after: '15m' },
  meta_judge: { window: 50, revert_threshold: 3 },
  modules: Object.fromEntries(
    Array.from({ length: 20 }, (_, m) => [
      `module-${m}`,
      { legacy: `python3 legacy/m${m}.py {case}`, new: `./target/m${m} {case}` },
    ]),
  ),
};

/** `runs/<id>/run.json` for `count` past runs, one a day backwards from 2026-11-24, ids sorting by start. */
function writeRuns(runtime, count) {
  const runs = join(runtime, 'runs');
  mkdirSync(runs, { recursive: true });
  if (readdirSync(runs).length >= count) return;
  for (let r = 0; r < count; r++) {
    const started = new Date(Date.UTC(2026, 10, 24) - (count - r) * 3_600_000);
    const id = `${started
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')}-${(r % 65536).toString(16).padStart(4, '0')}`;
    mkdirSync(join(runs, id), { recursive: true });
    const record = {
      id,
      started_at: started.toISOString(),
      ended_at: new Date(started.getTime() + 3_000_000).toISOString(),
      outcome: r % 5 === 0 ? 'interrupted' : 'max_iters',
      reason: r % 5 === 0 ? 'SIGTERM' : null,
      pid: 10_000 + r,
      config_file: RUN_CONFIG.file,
      config: RUN_CONFIG,
      epoch: r,
      iterations: 5,
    };
    writeFileSync(join(runs, id, 'run.json'), JSON.stringify(record, null, 2));
    writeFileSync(join(runs, id, 'loop.log'), `${started.toISOString()} run ${id} started\n`);
  }
}

/** `docs/journey/iter-<N>.md` for iterations 1..count, each a short entry like journey-synth writes. */
function writeJourney(root, count) {
  const dir = join(root, 'docs', 'journey');
  if (existsSync(join(dir, `iter-${count}.md`))) return;
  for (let i = 1; i <= count; i++) {
    writeFileSync(
      join(dir, `iter-${i}.md`),
      `# Iteration ${i}: module-${String(i % 500).padStart(3, '0')}\n\n` +
        `**Verdict:** ${KINDS[i % 3]}: ${i % 7} cells RED→GREEN, no regressions\n\n` +
        '## What changed\n\n' +
        Array.from({ length: 8 }, (_, k) => `- step ${k}: edited \`src/m${i % 500}.c\`, ran the cells`).join(
          '\n',
        ) +
        '\n\n## Parity\n\n| before | after |\n| --- | --- |\n| 7,400 | 7,401 |\n',
    );
  }
}

/** One agent transcript of about `bytes` bytes of Claude Code stream-json lines, named ACTIVE. */
function writeTranscript(runtime, run, iter, bytes) {
  const dir = join(runtime, 'transcripts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${run}-iter-${iter}.jsonl`);
  writeFileSync(join(runtime, 'ACTIVE'), `${path}\n`);
  if (existsSync(path) && statSync(path).size >= bytes * 0.99) return path;
  const lines = [
    (k) =>
      JSON.stringify({
        type: 'assistant',
        message: {
          content: [
            {
              type: 'text',
              text: `Step ${k}: reading the failing cell and the legacy output. ${'x'.repeat(300)}`,
            },
          ],
        },
      }),
    (k) =>
      JSON.stringify({
        type: 'assistant',
        message: {
          content: [
            {
              type: 'tool_use',
              id: `t${k}`,
              name: 'Bash',
              input: { command: `make -C target && ./verify case-${k % 200}` },
            },
          ],
        },
      }),
    (k) =>
      JSON.stringify({
        type: 'user',
        message: {
          content: [
            {
              type: 'tool_result',
              tool_use_id: `t${k}`,
              content: `ok ${k}\n${'line of output\n'.repeat(40)}`,
              is_error: false,
            },
          ],
        },
      }),
  ];
  const fd = openSync(path, 'w');
  try {
    let written = writeSync(
      fd,
      `${JSON.stringify({ type: 'system', subtype: 'init', session_id: 'bench', model: 'opus', tools: ['Bash', 'Read', 'Write'] })}\n`,
    );
    let k = 0;
    while (written < bytes) {
      let block = '';
      while (block.length < 1 << 20) block += `${lines[k % 3](k++)}\n`;
      written += writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

/**
 * A workspace with a run history: `small` is the 10,000-cell workspace with 100 journey entries, 20 runs and a
 * 1 MB transcript; `long` the loop that ran for weeks. Reused when already there (the big files take a while).
 */
export function makeHistoryWorkspace(root, size) {
  const long = size === 'long';
  const runtime = join(root, '.autoswe');
  if (!existsSync(join(runtime, 'parity.json'))) {
    makeLargeWorkspace(root, long ? { modules: 500, cellsPerModule: 200, verdicts: 1_000_000 } : {});
  }
  writeJourney(root, long ? 10_000 : 100);
  writeRuns(runtime, long ? 2_000 : 20);
  const transcript = writeTranscript(runtime, 'bench-run', 7, long ? 1 << 30 : 1 << 20);
  return { root, run: 'bench-run', iter: 7, transcript };
}

/** All fixtures under `dir` (reused when present: the 1 GB file takes a while to write). */
export function makeFixtures(dir) {
  const base = resolve(dir);
  return {
    large: makeLargeWorkspace(join(base, 'large')),
    verdicts1mb: makeVerdictsWorkspace(join(base, 'verdicts-1mb'), 1 << 20),
    verdicts1gb: makeVerdictsWorkspace(join(base, 'verdicts-1gb'), 1 << 30),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node bench/fixture.mjs DIR [--long-run]');
    process.exit(2);
  }
  const fixtures = process.argv.includes('--long-run')
    ? {
        small: makeHistoryWorkspace(join(resolve(dir), 'history-small'), 'small'),
        long: makeHistoryWorkspace(join(resolve(dir), 'history-long'), 'long'),
      }
    : makeFixtures(dir);
  console.log(JSON.stringify(fixtures, null, 2));
}
