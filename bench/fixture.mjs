// Generates benchmark workspaces: a "large" one (10,000 parity cells, 100,000 verdict lines, rules,
// heartbeat, state) and VERDICTS-only ones of a given size (1 MB, 1 GB) for the tail-read comparison.
// Usage: node bench/fixture.mjs DIR   (prints the workspace paths as JSON)
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const KINDS = ['ACCEPT', 'REVISE', 'REVERT'];
const MODULES = 100;
const CELLS_PER_MODULE = 100;

function verdictLine(index) {
  return `${JSON.stringify({
    at: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
    epoch: Math.floor(index / 1000),
    iter: index % 1000,
    module: `module-${String(index % MODULES).padStart(3, '0')}`,
    verdict: KINDS[index % 3],
    reason: `${index % 7} cells RED→GREEN, no regressions`,
    green_before: index % 10_000,
    green_after: (index % 10_000) + 1,
    run: 'bench-run',
  })}\n`;
}

/** Writes VERDICTS lines until the file holds `lines` lines or `bytes` bytes, in large blocks. */
function writeVerdicts(path, { lines = Number.POSITIVE_INFINITY, bytes = Number.POSITIVE_INFINITY }) {
  const fd = openSync(path, 'w');
  let written = 0;
  let index = 0;
  try {
    while (index < lines && written < bytes) {
      let block = '';
      while (block.length < 1 << 20 && index < lines && written + block.length < bytes)
        block += verdictLine(index++);
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

export function makeLargeWorkspace(root) {
  const runtime = workspace(root);
  const modules = {};
  for (let m = 0; m < MODULES; m++) {
    const cells = {};
    for (let c = 0; c < CELLS_PER_MODULE; c++) {
      cells[`case-${String(c).padStart(3, '0')}`] = {
        status: (m * CELLS_PER_MODULE + c) % 4 === 0 ? 'RED' : 'GREEN',
        at: '2026-11-23T22:31:47.120Z',
        detail: 'output equals the baseline',
      };
    }
    modules[`module-${String(m).padStart(3, '0')}`] = { flipped: m % 10 === 0, flipped_at: null, cells };
  }
  writeFileSync(join(runtime, 'parity.json'), JSON.stringify({ modules }, null, 2));
  writeVerdicts(join(runtime, 'VERDICTS'), { lines: 100_000 });
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
    console.error('usage: node bench/fixture.mjs DIR');
    process.exit(2);
  }
  console.log(JSON.stringify(makeFixtures(dir), null, 2));
}
