// Start-up benchmark: wall time of `autoswe status --json` and `autoswe verdicts -n 10` against bare
// `node -e 0` (for reference: the budget is against the seed-equivalent peer, bench/peer.mjs), measured
// side by side (interleaved rounds, median), on the generated fixtures; and `verdicts -n 10` on a 1 GB
// VERDICTS against a 1 MB one (budget: within 10 %). Results go to docs/PERFORMANCE.md.
// Usage: node bench/startup.mjs [--runs N] [--fixtures DIR]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeFixtures } from './fixture.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '61' },
    fixtures: { type: 'string', default: join(tmpdir(), 'autoswe-bench') },
  },
});
const runs = Number(values.runs);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');

/**
 * CPU time of finished children, from /proc/self/stat (cutime + cstime, in clock ticks of 10 ms):
 * unlike wall time it hardly moves when other work shares the machine. Summed over many runs.
 */
function childCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

function timeOnce(args, cwd, env) {
  return new Promise((done, fail) => {
    const cpuBefore = childCpuMs();
    const started = process.hrtime.bigint();
    // stdout is a pipe, as when a pane or a script reads it.
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) fail(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else done({ wall, cpu: childCpuMs() - cpuBefore });
    });
  });
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const mean = (list) => list.reduce((sum, value) => sum + value, 0) / list.length;

async function main() {
  const fixtures = makeFixtures(values.fixtures);
  // A healthy model proxy on loopback, as in production (status probes it on every run).
  const proxy = createServer((_req, res) => res.writeHead(200).end('{"ok":true}'));
  await new Promise((done) => proxy.listen(0, '127.0.0.1', done));
  // Without NODE_OPTIONS and NODE_EXTRA_CA_CERTS (which some machines set; the latter alone adds ~25 ms
  // to every Node start, baseline included, and would flatter every ratio).
  const { NODE_OPTIONS: _options, NODE_EXTRA_CA_CERTS: _certs, ...inherited } = process.env;
  const env = {
    ...inherited,
    AUTOSWE_PROXY_BASE: `http://127.0.0.1:${proxy.address().port}`,
    AUTOSWE_REPO_ROOT: '',
    AUTOSWE_RUNTIME_DIR: '',
    XDG_RUNTIME_DIR: '',
    NO_COLOR: '1',
  };
  // The same workspace with the proxy's base in autoswe.yaml instead of AUTOSWE_PROXY_BASE (how an
  // operator with a remote GPU box configures it): a folder holding only that autoswe.yaml, with the large
  // workspace's runtime dir.
  const yamlRoot = join(values.fixtures, 'large-proxy-in-yaml');
  mkdirSync(yamlRoot, { recursive: true });
  writeFileSync(join(yamlRoot, 'autoswe.yaml'), `proxy:\n  base: ${env.AUTOSWE_PROXY_BASE}\n`);
  const yamlEnv = { ...env, AUTOSWE_PROXY_BASE: '', AUTOSWE_RUNTIME_DIR: join(fixtures.large, '.autoswe') };
  const variants = [
    { name: 'node -e 0', args: ['-e', '0'], cwd: fixtures.large, env },
    { name: 'autoswe --version', args: [BIN, '--version'], cwd: fixtures.large, env },
    { name: 'autoswe status --json', args: [BIN, 'status', '--json'], cwd: fixtures.large, env },
    {
      name: 'autoswe status --json, proxy.base in autoswe.yaml',
      args: [BIN, 'status', '--json'],
      cwd: yamlRoot,
      env: yamlEnv,
    },
    {
      name: 'autoswe verdicts -n 10',
      args: [BIN, 'verdicts', '-n', '10'],
      cwd: fixtures.large,
      env,
    },
    {
      name: 'verdicts -n 10, 1 MB VERDICTS',
      args: [BIN, 'verdicts', '-n', '10'],
      cwd: fixtures.verdicts1mb,
      env,
    },
    {
      name: 'verdicts -n 10, 1 GB VERDICTS',
      args: [BIN, 'verdicts', '-n', '10'],
      cwd: fixtures.verdicts1gb,
      env,
    },
  ];
  const times = variants.map(() => ({ wall: [], cpu: [] }));
  // Warm-up: fills the compile cache and the page cache, as on an operator's machine after the first run.
  for (const variant of variants) await timeOnce(variant.args, variant.cwd, variant.env);
  const load = loadavg()[0];
  for (let round = 0; round < runs; round++) {
    // Rotate the order so no variant always runs right after another.
    for (let k = 0; k < variants.length; k++) {
      const index = (k + round) % variants.length;
      const variant = variants[index];
      const { wall, cpu } = await timeOnce(variant.args, variant.cwd, variant.env);
      times[index].wall.push(wall);
      times[index].cpu.push(cpu);
    }
  }
  proxy.close();

  const baseWall = median(times[0].wall);
  const baseCpu = mean(times[0].cpu);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}`,
  );
  console.log(
    `date: ${new Date().toISOString()}; ${runs} interleaved rounds; load average at start ${load.toFixed(1)}\n`,
  );
  console.log('| command | wall median ms | × node -e 0 | CPU ms (mean) | × node -e 0 |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  variants.forEach((variant, index) => {
    const wall = median(times[index].wall);
    const cpuMs = mean(times[index].cpu);
    console.log(
      `| ${variant.name} | ${wall.toFixed(1)} | ${(wall / baseWall).toFixed(2)} | ${cpuMs.toFixed(1)} | ${(cpuMs / baseCpu).toFixed(2)} |`,
    );
  });
  const small = median(times[variants.findIndex((v) => v.name.includes('1 MB'))].wall);
  const large = median(times[variants.findIndex((v) => v.name.includes('1 GB'))].wall);
  const growth = large / small - 1;
  console.log(
    `\nverdicts -n 10: 1 GB VERDICTS ${large.toFixed(1)} ms vs 1 MB ${small.toFixed(1)} ms (wall medians): ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} % (budget ≤ 10 %) ${growth <= 0.1 ? 'PASS' : 'OVER'}`,
  );
}

await main();
