// Benchmark: wall time of one `autoswe hook pre-tool-use` call, the way Claude Code runs it before every
// tool call (a fresh process reading one event on stdin), against bare `node` start-up on the same machine.
// The workspace has a hook policy with 500 protected files. Usage: npm run build && node bench/hook.mjs [--calls 60]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configStamp, pastRacyWindow } from './config-stamp.mjs';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '60' } } });
const CALLS = Number(values.calls);
const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');

const root = mkdtempSync(join(tmpdir(), 'autoswe-bench-hook-'));
try {
  const runtime = join(root, '.autoswe');
  mkdirSync(join(root, 'target'), { recursive: true });
  mkdirSync(runtime, { recursive: true });
  writeFileSync(join(root, 'autoswe.yaml'), 'target: ./target\n');
  // A config older than two seconds, as a long run's is: the hook then trusts its stat stamp.
  await pastRacyWindow(join(root, 'autoswe.yaml'));
  const files = Array.from({ length: 500 }, (_, i) => join(root, 'target', 'golden', `case-${i}.out`));
  writeFileSync(
    join(runtime, 'hook-policy.json'),
    JSON.stringify({
      root,
      runtime_dir: runtime,
      target: join(root, 'target'),
      protected_globs: ['autoswe.yaml', 'rules.yaml', 'target/golden/**', 'docs/spec/**'],
      protected_files: files,
      // The version of autoswe.yaml it was made from: a policy for other bytes is rebuilt by the hook.
      config: join(root, 'autoswe.yaml'),
      config_sha256: createHash('sha256')
        .update(readFileSync(join(root, 'autoswe.yaml')))
        .digest('hex'),
      // Its stat stamp, as `run` records it (configStamp in src/core/runtime/hook-policy.ts).
      config_stat: configStamp(join(root, 'autoswe.yaml')),
      run: 'bench',
      written_at: new Date().toISOString(),
    }),
  );
  const event = (tool_name, tool_input) =>
    JSON.stringify({ cwd: join(root, 'target'), hook_event_name: 'PreToolUse', tool_name, tool_input });
  // Without NODE_OPTIONS and NODE_EXTRA_CA_CERTS, as in bench/startup.mjs: the latter adds ~25 ms to every start.
  const { NODE_OPTIONS: _options, NODE_EXTRA_CA_CERTS: _certs, ...env } = process.env;
  const cases = {
    'node -e "" (baseline)': () => spawnSync(process.execPath, ['-e', ''], { input: '', env }),
    'hook: Write allowed': () =>
      spawnSync(process.execPath, [BIN, 'hook', 'pre-tool-use', '--root', root], {
        input: event('Write', { file_path: 'src/main.c', content: 'x' }),
        env,
      }),
    'hook via the full CLI (global option first)': () =>
      spawnSync(process.execPath, [BIN, '--root', root, 'hook', 'pre-tool-use'], {
        input: event('Write', { file_path: 'src/main.c', content: 'x' }),
        env,
      }),
    'hook: Bash denied (writes a protected file)': () =>
      spawnSync(process.execPath, [BIN, 'hook', 'pre-tool-use', '--root', root], {
        input: event('Bash', { command: 'cd .. && echo x > target/golden/case-499.out' }),
        env,
      }),
  };
  console.log(`${CALLS} calls each (after 5 warm-up calls), Node ${process.version}`);
  console.log('| case | p50 | p90 | max |\n| --- | --- | --- | --- |');
  for (const [name, call] of Object.entries(cases)) {
    for (let i = 0; i < 5; i++) call();
    const times = [];
    for (let i = 0; i < CALLS; i++) {
      const start = performance.now();
      const result = call();
      times.push(performance.now() - start);
      if (result.status !== 0) throw new Error(`${name}: exit ${result.status}: ${result.stderr}`);
    }
    times.sort((a, b) => a - b);
    const at = (q) => `${times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1)} ms`;
    console.log(`| ${name} | ${at(0.5)} | ${at(0.9)} | ${times.at(-1).toFixed(1)} ms |`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
