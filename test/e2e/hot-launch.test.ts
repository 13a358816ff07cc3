import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, initWorkspace, REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';
import { bytesWritten } from '../helpers/processes.js';

/**
 * bin/autoswe.js runs `status`, `verdicts` and `hook` from their single-file builds, dist/hot/<command>.cjs
 * (see docs/PERFORMANCE.md), and exits as soon as the command is done. These check that the builds are
 * single files, that a missing or damaged one is said in one line, and that exiting early loses nothing.
 */
describe('the launcher of the single-file builds', () => {
  let root: string;
  let scratch: string;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    const ws = await initWorkspace();
    root = ws.root;
    const dir = tempDir('autoswe-launch-');
    scratch = dir.dir;
    cleanups.push(ws.cleanup, dir.cleanup);
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('each hot build is one file: it requires only Node built-ins (and yaml, read only for proxy: config)', () => {
    for (const command of ['status', 'verdicts', 'hook']) {
      const source = readFileSync(join(REPO_ROOT, 'dist', 'hot', `${command}.cjs`), 'utf8');
      const required = new Set([...source.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]));
      for (const id of required)
        expect(id, `${command}.cjs requires ${id}`).toMatch(/^(node:[a-z_/]+|yaml)$/);
      expect(source).not.toMatch(/\bimport\(/);
    }
  });

  it("runs the hot commands and the full CLI alike, with and without Node's compile cache", async () => {
    for (const env of [{}, { NODE_DISABLE_COMPILE_CACHE: '1' }]) {
      const status = await runCli(['status', '--json'], {
        cwd: root,
        env: { AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9', ...env },
      });
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout).root).toBe(root);
      const full = await runCli(['--root', root, 'status', '--json'], {
        cwd: root,
        env: { AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9', ...env },
      });
      expect(full.code, full.stderr).toBe(0);
      expect(Object.keys(JSON.parse(full.stdout))).toEqual(Object.keys(JSON.parse(status.stdout)));
    }
  });

  it('a build that is missing or damaged: one line naming it, exit 1, and exit 2 (deny) for the hook', async () => {
    const copy = tempDir('autoswe-broken-');
    cleanups.push(copy.cleanup);
    cpSync(join(REPO_ROOT, 'bin'), join(copy.dir, 'bin'), { recursive: true });
    mkdirSync(join(copy.dir, 'dist', 'hot'), { recursive: true });
    writeFileSync(join(copy.dir, 'dist', 'hot', 'verdicts.cjs'), 'this is not JavaScript(');
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(copy.dir, 'bin', 'autoswe.js'), ...args], {
          cwd: root,
          env: { ...process.env, AUTOSWE_DEBUG: '' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const build = `run 'npm run build' in ${copy.dir}, or reinstall autoswe\n`;
    expect(await run(['status'])).toEqual({
      code: 1,
      stderr: `autoswe: ${join(copy.dir, 'dist', 'hot', 'status.cjs')} is missing: ${build}`,
    });
    expect(await run(['--version'])).toEqual({
      code: 1,
      stderr: `autoswe: ${join(copy.dir, 'dist', 'cli.mjs')} is missing: ${build}`,
    });
    // The hook fails closed even before any of its code runs: 2 blocks the tool call, 1 would not.
    expect(await run(['hook', 'pre-tool-use'])).toEqual({
      code: 2,
      stderr: `autoswe hook: denied because the hook failed: ${join(copy.dir, 'dist', 'hot', 'hook.cjs')} is missing: ${build}`,
    });
    const damaged = await run(['verdicts']);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/^autoswe: cannot start: .+\n$/);
    // A build that loads but needs a module that is not there is damaged, not missing.
    writeFileSync(join(copy.dir, 'dist', 'hot', 'verdicts.cjs'), "require('./nothere.cjs');\n");
    expect(await run(['verdicts'])).toEqual({
      code: 1,
      stderr: "autoswe: cannot start: Cannot find module './nothere.cjs'\n",
    });
  });

  it('the hook fails closed on bad input through its single-file build', async () => {
    const result = await runCli(['hook', 'pre-tool-use', '--root', root], { cwd: root, input: 'not json' });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe('');
  });

  it('exiting as soon as the command is done loses no output, even into a full non-blocking pipe', async () => {
    const lines = 30_000;
    const verdict = (iter: number) =>
      `${JSON.stringify({ at: '2026-11-23T22:31:47.120Z', epoch: 0, iter, module: 'parser', verdict: 'ACCEPT', reason: `reason ${iter} ${'x'.repeat(40)}` })}\n`;
    writeFileSync(
      join(root, '.autoswe', 'VERDICTS'),
      Array.from({ length: lines }, (_, index) => verdict(index + 1)).join(''),
    );
    // Something made stdout non-blocking before the command ran (a parent handing out such a pipe, or
    // `2>&1` with stderr opened as a stream): once the pipe is full, write(2) fails with EAGAIN and the
    // rest is queued in Node's stream, which exiting at once would throw away.
    const preload = join(scratch, 'nonblocking-stdout.mjs');
    writeFileSync(preload, 'process.stdout;\n');
    for (const extra of [[], ['--json']]) {
      const child = spawn(
        process.execPath,
        ['--import', preload, BIN, 'verdicts', '-n', String(lines), ...extra],
        {
          cwd: root,
          env: { ...process.env, NO_COLOR: '1', AUTOSWE_REPO_ROOT: '', NODE_DISABLE_COMPILE_CACHE: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise((resolve) => child.on('close', resolve));
      // Nobody reads until the pipe is full, long before the ~3.6 MB are written: with the compile cache off
      // the child writes nothing but its output, so ~60 KiB written and none read is a full 64 KiB pipe.
      child.stdout.pause();
      await expect
        .poll(() => bytesWritten(child.pid ?? 0), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(60 * 1024);
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stdout.resume();
      expect(await exited).toBe(0);
      const text = Buffer.concat(chunks).toString('utf8');
      if (extra.length > 0) expect(JSON.parse(text)).toHaveLength(lines);
      else expect(text.trimEnd().split('\n')).toHaveLength(lines);
    }
  });
});
