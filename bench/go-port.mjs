// What the build step buys: `autoswe verify-cells` on the go-port example with the new program run as
// `go run ./cmd/ledger {module} {case}` (a compile and link per case) against the binary the build made
// (`./target/bin/ledger`: a process start per case), and `verify-cells --build` (one build, then the
// binary). The example is first run to DONE (every cell GREEN), then its cases are copied COPIES times
// (each copy one more cell) and the baseline recaptured. Median of RUNS each, side by side in one run.
// Results go to docs/PERFORMANCE.md, "## go-port: go run per case against the built binary".
// Usage: node bench/go-port.mjs [--copies 20] [--runs 3] [--parallel 4] [--dir DIR]   (needs go; after npm run build)
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    copies: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    parallel: { type: 'string', default: '4' },
    dir: { type: 'string', default: join(tmpdir(), 'autoswe-bench-go-port') },
  },
});
const COPIES = Number(values.copies);
const RUNS = Number(values.runs);
const PARALLEL = Number(values.parallel);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');
const root = join(values.dir, 'ws');

function autoswe(args, { expectCode = 0 } = {}) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: root,
      env: { ...process.env, AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== expectCode) fail(new Error(`autoswe ${args.join(' ')} exited ${code}: ${stderr}`));
      else done({ ms, stdout });
    });
  });
}

/** autoswe.yaml with `new:` replaced and the given parallelism. */
function configure(newProgram) {
  const path = join(root, 'autoswe.yaml');
  const text = readFileSync(path, 'utf8')
    .replace(/^new:\n {2}command: .*\n(?: {2}cwd: .*\n)?/m, `new:\n${newProgram}`)
    .replace(/verify_parallel: \d+/, `verify_parallel: ${PARALLEL}`);
  writeFileSync(path, text);
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

async function main() {
  const goVersion = execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  rmSync(values.dir, { recursive: true, force: true });
  // The demo makes the workspace and runs the loop to DONE: the target holds the finished port.
  const demo = spawn(process.execPath, [BIN, 'demo', '--example', 'go-port', '--dir', root, '--json'], {
    env: { ...process.env, AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let report = '';
  demo.stdout.on('data', (chunk) => {
    report += chunk;
  });
  await new Promise((done) => demo.on('close', done));
  if (JSON.parse(report).result.status !== 'DONE') throw new Error('the go-port demo did not reach DONE');
  for (const module of readdirSync(join(root, 'cases'))) {
    const dir = join(root, 'cases', module);
    for (const name of readdirSync(dir)) {
      for (let copy = 1; copy <= COPIES; copy++) {
        copyFileSync(join(dir, name), join(dir, name.replace(/\.txt$/, `-copy${copy}.txt`)));
      }
    }
  }
  await autoswe(['baseline-capture']);
  const variants = [
    {
      name: 'go run ./cmd/ledger per case',
      config: '  command: ["go", "run", "./cmd/ledger", "{module}", "{case}"]\n  cwd: ./target\n',
      args: ['verify-cells', '--json'],
    },
    {
      name: 'the built binary',
      config: '  command: ["./target/bin/ledger", "{module}", "{case}"]\n',
      args: ['verify-cells', '--json'],
    },
    {
      name: 'verify-cells --build, then the binary',
      config: '  command: ["./target/bin/ledger", "{module}", "{case}"]\n',
      args: ['verify-cells', '--build', '--json'],
    },
  ];
  const times = new Map(variants.map((variant) => [variant.name, []]));
  let cells = 0;
  // Interleaved rounds, so a slow moment of the machine hits every variant alike.
  for (let run = 0; run < RUNS + 1; run++) {
    for (const variant of variants) {
      configure(variant.config);
      const { ms, stdout } = await autoswe(variant.args);
      const outcome = JSON.parse(stdout);
      cells = outcome.cells.length;
      if (outcome.after.red !== 0) throw new Error(`${variant.name}: ${outcome.after.red} RED cells`);
      // The first round warms the Go build cache and the page cache; it is not counted.
      if (run > 0) times.get(variant.name).push(ms);
    }
  }
  console.log(
    `verify-cells on the go-port example: ${cells} cells (9 cases × ${COPIES + 1}), verify_parallel ${PARALLEL}, median of ${RUNS}`,
  );
  console.log(
    `machine: ${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, ${goVersion}`,
  );
  console.log(
    `date: ${new Date().toISOString()}, load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log('| new program | wall time | cells/s | ms per cell |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const variant of variants) {
    const ms = median(times.get(variant.name));
    console.log(
      `| ${variant.name} | ${(ms / 1000).toFixed(2)} s | ${Math.round(cells / (ms / 1000))} | ${(ms / cells).toFixed(1)} |`,
    );
  }
  rmSync(values.dir, { recursive: true, force: true });
}

await main();
