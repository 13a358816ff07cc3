// verify-cells throughput: cells per second of `autoswe verify-cells --json` on a generated workspace
// (MODULES × CASES cells, all GREEN, so every cell runs the program and compares a real output), for
// several limits.verify_parallel values, with sandbox none and (when installed) bwrap. Median of N runs.
// The program is `cat` (process start dominated) and, as a heavier realistic one, a `node` script.
// Results go to docs/PERFORMANCE.md, "## verify-cells".
// Usage: node bench/verify.mjs [--modules 10] [--cases 50] [--runs 3] [--dir DIR]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    modules: { type: 'string', default: '10' },
    cases: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string', default: join(tmpdir(), 'autoswe-bench-verify') },
  },
});
const MODULES = Number(values.modules);
const CASES = Number(values.cases);
const RUNS = Number(values.runs);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');

/** A workspace whose legacy and new programs print the same thing for every case. */
function makeWorkspace(root, program) {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'target'), { recursive: true });
  const modules = [];
  for (let m = 0; m < MODULES; m++) {
    const name = `m${String(m).padStart(2, '0')}`;
    mkdirSync(join(root, 'cases', name), { recursive: true });
    for (let c = 0; c < CASES; c++) {
      const lines = Array.from({ length: 20 }, (_, i) => `${name} case ${c} line ${i}`).join('\n');
      writeFileSync(join(root, 'cases', name, `c${c}.txt`), `${lines}\n`);
    }
    modules.push(`  ${name}: {cases: ["cases/${name}/*.txt"]}`);
  }
  writeFileSync(
    join(root, 'target', 'echo.mjs'),
    "import { readFileSync } from 'node:fs';\nprocess.stdout.write(readFileSync(process.argv[2]));\n",
  );
  const command =
    program === 'cat' ? '["cat", "{case}"]' : `["${process.execPath}", "target/echo.mjs", "{case}"]`;
  const config = (parallel, sandbox) =>
    [
      'target: ./target',
      `legacy: {command: ${command}}`,
      `new: {command: ${command}}`,
      'modules:',
      ...modules,
      'agent: {adapter: command, command: ["true"]}',
      `sandbox: ${sandbox}`,
      `limits: {verify_parallel: ${parallel}}`,
      '',
    ].join('\n');
  return { config };
}

function timeOnce(args, cwd) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) fail(new Error(`verify-cells exited ${code}: ${stderr}`));
      else done(ms);
    });
  });
}

/** The floor: the same program spawned once per case from plain Node, serially, output discarded. */
async function floorMs(root, program) {
  const files = [];
  for (let m = 0; m < MODULES; m++) {
    for (let c = 0; c < CASES; c++)
      files.push(join(root, 'cases', `m${String(m).padStart(2, '0')}`, `c${c}.txt`));
  }
  const argv = (file) =>
    program === 'cat' ? ['cat', [file]] : [process.execPath, ['target/echo.mjs', file]];
  const started = process.hrtime.bigint();
  for (const file of files) {
    const [command, args] = argv(file);
    await new Promise((done) => spawn(command, args, { cwd: root, stdio: 'ignore' }).on('close', done));
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

async function main() {
  const cells = MODULES * CASES;
  const hasBwrap = (() => {
    try {
      execFileSync('bwrap', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const sandboxes = hasBwrap ? ['none', 'bwrap'] : ['none'];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `verify-cells throughput, ${cells} cells (${MODULES} modules × ${CASES} cases), median of ${RUNS}`,
  );
  console.log(
    `machine: ${availableParallelism()} × ${cpu}, node ${process.version}${hasBwrap ? '' : ' (bwrap not installed)'}`,
  );
  console.log('| program | sandbox | verify_parallel | wall time | cells/s |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const program of ['cat', 'node']) {
    const root = join(values.dir, program);
    const { config } = makeWorkspace(root, program);
    writeFileSync(join(root, 'autoswe.yaml'), config(8, 'none'));
    await timeOnce(['baseline-capture'], root);
    const floor = await floorMs(root, program);
    console.log(
      `| ${program} | (floor: plain spawn loop, no autoswe) | 1 | ${(floor / 1000).toFixed(2)} s | ${Math.round(cells / (floor / 1000))} |`,
    );
    for (const sandbox of sandboxes) {
      for (const parallel of [1, 4, 8, 16]) {
        writeFileSync(join(root, 'autoswe.yaml'), config(parallel, sandbox));
        // The lock manifest hashes autoswe.yaml; verify-cells does not read it, so no update is needed.
        const times = [];
        for (let run = 0; run < RUNS; run++) times.push(await timeOnce(['verify-cells', '--json'], root));
        const ms = median(times);
        console.log(
          `| ${program} | ${sandbox} | ${parallel} | ${(ms / 1000).toFixed(2)} s | ${Math.round(cells / (ms / 1000))} |`,
        );
      }
    }
  }
  if (existsSync(values.dir)) rmSync(values.dir, { recursive: true, force: true });
}

await main();
