import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, initWorkspace, REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';

/**
 * bin/autoswe.js runs `status`, `verdicts` and `hook` from dist/hot/<command>.cjs through vm.Script with
 * a V8 code cache of its own in $XDG_CACHE_HOME/autoswe/code-cache (see docs/PERFORMANCE.md). The cache
 * may only ever make a start faster: these check it is written, reused, replaced when it does not fit,
 * and never in the way.
 */
describe('the launcher of the single-file builds and its code cache', () => {
  let root: string;
  let cacheHome: string;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    const ws = await initWorkspace();
    root = ws.root;
    const cache = tempDir('autoswe-cache-');
    cacheHome = cache.dir;
    cleanups.push(ws.cleanup, cache.cleanup);
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  /** The one cache file of `command` (named <command>-<hash of the build's path>-<node>-<arch>.bin). */
  const cacheFile = (command: string) => {
    const dir = join(cacheHome, 'autoswe', 'code-cache');
    const names = readdirSync(dir).filter((name) => name.startsWith(`${command}-`));
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(new RegExp(`^${command}-[0-9a-f]{8}-${process.version}-${process.arch}\\.bin$`));
    return join(dir, names[0] as string);
  };
  const status = (env: NodeJS.ProcessEnv = {}) =>
    runCli(['status', '--json'], {
      cwd: root,
      env: { XDG_CACHE_HOME: cacheHome, AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9', ...env },
    });
  /** The status model without the fields that change from one run to the next. */
  const stable = (stdout: string) => {
    const { at: _at, heartbeat: _heartbeat, proxy, ...rest } = JSON.parse(stdout);
    return { ...rest, proxy: { ...proxy, health: proxy.health.kind } };
  };

  it('the first run writes the cache for this build; later runs use it and leave it as it is', async () => {
    const first = await status();
    expect(first.code, first.stderr).toBe(0);
    const file = cacheFile('status');
    const bytes = readFileSync(file);
    const build = statSync(join(REPO_ROOT, 'dist', 'hot', 'status.cjs'));
    const header = `autoswe-code-cache 1 ${build.size} ${build.mtimeMs} ${build.ino}\n`;
    expect(bytes.subarray(0, header.length).toString('latin1')).toBe(header);
    // V8's code cache of the functions the command ran, not just the file's top level.
    expect(bytes.length).toBeGreaterThan(header.length + 20_000);
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    const modified = statSync(file).mtimeMs;

    const second = await status();
    expect(second.code, second.stderr).toBe(0);
    expect(stable(second.stdout)).toEqual(stable(first.stdout));
    // Rewritten only when V8 refuses it; untouched means it was accepted.
    expect(statSync(file).mtimeMs).toBe(modified);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(
      readdirSync(join(cacheHome, 'autoswe', 'code-cache')).filter((name) => name.endsWith('.tmp')),
    ).toEqual([]);
  });

  it('a damaged cache or one of another build is not used, and is replaced by a good one', async () => {
    await status();
    const file = cacheFile('status');
    const good = readFileSync(file);
    const headerEnd = good.indexOf(10) + 1;
    const header = good.subarray(0, headerEnd);
    /** After a run: a cache for this build that the next run accepts (and so leaves as it is). */
    const expectReplacedByGoodCache = async () => {
      const replaced = readFileSync(file);
      expect(replaced.subarray(0, headerEnd).equals(header)).toBe(true);
      expect(replaced.length).toBeGreaterThan(headerEnd + 20_000);
      const again = await status();
      expect(again.code, again.stderr).toBe(0);
      expect(readFileSync(file).equals(replaced)).toBe(true);
    };

    // The right header over bytes V8 does not recognise: refused by V8, the run unaffected.
    const junk = Buffer.concat([header, Buffer.alloc(good.length - headerEnd, 7)]);
    writeFileSync(file, junk);
    const damaged = await status();
    expect(damaged.code, damaged.stderr).toBe(0);
    expect(damaged.stderr).toBe('');
    expect(readFileSync(file).equals(junk)).toBe(false);
    await expectReplacedByGoodCache();

    // A good cache, but made from another build of the file (another size, mtime or inode): never used.
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('autoswe-code-cache 1 1 2 3\n'), good.subarray(headerEnd)]),
    );
    const other = await status();
    expect(other.code, other.stderr).toBe(0);
    await expectReplacedByGoodCache();

    // Empty and truncated files too.
    for (const broken of [
      Buffer.alloc(0),
      good.subarray(0, headerEnd - 5),
      good.subarray(0, headerEnd + 100),
    ]) {
      writeFileSync(file, broken);
      const result = await status();
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
      await expectReplacedByGoodCache();
    }
  });

  it('uses only a private cache of this user: one others may change is replaced, never run', async () => {
    await status();
    const file = cacheFile('status');
    const mtime = () => statSync(file).mtimeMs;
    // Group- or world-writable: someone else could have put bytecode there.
    chmodSync(file, 0o666);
    const before = mtime();
    expect((await status()).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(mtime()).not.toBe(before);
    // Owned by another user (only root can hand a file over; elsewhere this part cannot be set up).
    if (process.getuid?.() === 0) {
      chownSync(file, 65534, 65534);
      expect((await status()).code).toBe(0);
      expect(statSync(file).uid).toBe(0);
    }
    // A private cache of this build is then used as before: left as it is.
    const settled = mtime();
    expect((await status()).code).toBe(0);
    expect(mtime()).toBe(settled);
    // A link planted where the launcher writes its temp file is not followed.
    const victim = join(cacheHome, 'victim.txt');
    writeFileSync(victim, 'precious');
    writeFileSync(file, 'not a cache');
    const child = spawn(process.execPath, [BIN, 'status', '--json'], {
      cwd: root,
      env: { ...process.env, XDG_CACHE_HOME: cacheHome, AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9' },
      stdio: 'ignore',
    });
    symlinkSync(victim, `${file}.${child.pid}.tmp`);
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('two installed copies keep a cache each instead of replacing each other on every run', async () => {
    const copy = tempDir('autoswe-copy-');
    cleanups.push(copy.cleanup);
    cpSync(join(REPO_ROOT, 'bin'), join(copy.dir, 'bin'), { recursive: true });
    cpSync(join(REPO_ROOT, 'dist', 'hot'), join(copy.dir, 'dist', 'hot'), { recursive: true });
    const run = (bin: string) =>
      new Promise<number | null>((resolve) =>
        spawn(process.execPath, [bin, 'status', '--json'], {
          cwd: root,
          env: { ...process.env, XDG_CACHE_HOME: cacheHome, AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9' },
          stdio: 'ignore',
        }).on('close', resolve),
      );
    const other = join(copy.dir, 'bin', 'autoswe.js');
    expect(await run(BIN)).toBe(0);
    expect(await run(other)).toBe(0);
    const dir = join(cacheHome, 'autoswe', 'code-cache');
    const caches = readdirSync(dir).filter((name) => name.startsWith('status-'));
    expect(caches).toHaveLength(2);
    const stamps = () => caches.map((name) => statSync(join(dir, name)).mtimeMs);
    const before = stamps();
    expect(await run(BIN)).toBe(0);
    expect(await run(other)).toBe(0);
    expect(stamps()).toEqual(before);
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
          env: { ...process.env, XDG_CACHE_HOME: cacheHome, AUTOSWE_DEBUG: '' },
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
  });

  it('works without a cache: unwritable folder, no HOME, or NODE_DISABLE_COMPILE_CACHE', async () => {
    const reference = stable((await status()).stdout);
    // XDG_CACHE_HOME is a file: nothing can be created under it.
    const notADir = join(cacheHome, 'file');
    writeFileSync(notADir, '');
    const unwritable = await status({ XDG_CACHE_HOME: notADir });
    expect(unwritable.code, unwritable.stderr).toBe(0);
    expect(unwritable.stderr).toBe('');
    expect(stable(unwritable.stdout)).toEqual(reference);

    const homeless = await status({ XDG_CACHE_HOME: '', HOME: '' });
    expect(homeless.code, homeless.stderr).toBe(0);
    expect(stable(homeless.stdout)).toEqual(reference);

    const fresh = tempDir('autoswe-cache-off-');
    cleanups.push(fresh.cleanup);
    const disabled = await status({ XDG_CACHE_HOME: fresh.dir, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(existsSync(join(fresh.dir, 'autoswe'))).toBe(false);
  });

  it('the hook fails closed with and without its cache', async () => {
    const deny = (env: NodeJS.ProcessEnv) =>
      runCli(['hook', 'pre-tool-use', '--root', root], {
        cwd: root,
        env: { XDG_CACHE_HOME: cacheHome, ...env },
        input: 'not json',
      });
    for (const env of [{}, {}, { NODE_DISABLE_COMPILE_CACHE: '1' }]) {
      const result = await deny(env);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toBe('');
    }
    expect(existsSync(cacheFile('hook'))).toBe(true);
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
    const preload = join(cacheHome, 'nonblocking-stdout.mjs');
    writeFileSync(preload, 'process.stdout;\n');
    for (const extra of [[], ['--json']]) {
      const child = spawn(
        process.execPath,
        ['--import', preload, BIN, 'verdicts', '-n', String(lines), ...extra],
        {
          cwd: root,
          env: { ...process.env, NO_COLOR: '1', AUTOSWE_REPO_ROOT: '', XDG_CACHE_HOME: cacheHome },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise((resolve) => child.on('close', resolve));
      // Nobody reads for a while: the pipe fills up long before the ~3.6 MB are written.
      child.stdout.pause();
      await new Promise((resolve) => setTimeout(resolve, 300));
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
