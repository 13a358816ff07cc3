import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  failureDetail,
  LineSplitter,
  type OutputStream,
  runInherited,
  runInheritedSync,
  runProgram,
  runProgramSync,
} from '../../src/adapters/spawn.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';
import { processRunning, readPids } from '../helpers/processes.js';

const env = { PATH: process.env.PATH };

describe('runProgram (the one way src/ runs a program)', () => {
  let dir: { dir: string; cleanup: () => void };
  beforeEach(() => {
    dir = tempDir('autoswe-spawn-');
  });
  afterEach(() => dir.cleanup());
  const pidFile = () => join(dir.dir, 'pids');
  const allGone = async (pids: readonly number[]) => {
    for (const pid of pids) await expect.poll(() => processRunning(pid), { timeout: 10_000 }).toBe(false);
  };

  it('collects stdout, stderr and the exit code, in the given directory', async () => {
    const result = await runProgram('sh', ['-c', 'pwd; echo oops >&2; exit 3'], { env, cwd: dir.dir });
    expect(result).toMatchObject({
      code: 3,
      signal: null,
      stdout: `${realpathSync(dir.dir)}\n`,
      stderr: 'oops\n',
      truncated: { stdout: false, stderr: false },
      timedOut: false,
      aborted: false,
      spawnError: null,
      error: null,
    });
    expect(failureDetail(result)).toBe('oops');
  });

  it('feeds the input on stdin and closes it; without input stdin is empty', async () => {
    expect((await runProgram('cat', [], { env, input: '{"a":1}' })).stdout).toBe('{"a":1}');
    expect((await runProgram('cat', [], { env })).stdout).toBe('');
  });

  it('does not fail when the program exits without reading a large input', async () => {
    const result = await runProgram('true', [], { env, input: 'x'.repeat(4 * 1024 * 1024) });
    expect(result).toMatchObject({ code: 0, error: null });
  });

  it('gives the child the given environment only, never process.env behind it', async () => {
    process.env.AUTOSWE_SPAWN_LEAK = 'leaked';
    try {
      const script = 'echo "[$AUTOSWE_SPAWN_LEAK][$GIVEN]"';
      const given = { ...env, GIVEN: 'given' };
      expect((await runProgram('sh', ['-c', script], { env: given })).stdout).toBe('[][given]\n');
      expect(runProgramSync('sh', ['-c', script], { env: given }).stdout).toBe('[][given]\n');
      const leakTest = ['-c', 'test -z "$AUTOSWE_SPAWN_LEAK" && test "$GIVEN" = given && exit 5'];
      expect(await runInherited('sh', leakTest, { env: given })).toEqual({ code: 5, spawnError: null });
      expect(runInheritedSync('sh', leakTest, { env: given })).toEqual({ code: 5, spawnError: null });
    } finally {
      delete process.env.AUTOSWE_SPAWN_LEAK;
    }
  });

  it('stops a program that runs past the timeout and says so', async () => {
    const result = await runProgram('sleep', ['30'], { env, timeoutMs: 200 });
    expect(result).toMatchObject({
      code: null,
      signal: 'SIGTERM',
      timedOut: true,
      aborted: false,
      error: 'did not answer within 200 ms',
    });
    expect(failureDetail(result)).toBe('did not answer within 200 ms');
  });

  it('SIGKILLs a tree that ignores SIGTERM after the grace period, and leaves nothing running', async () => {
    // Ignored signals stay ignored across fork and exec: the shell and its sleep both shrug SIGTERM off.
    const script = `trap '' TERM; sleep 60 & echo $! > ${pidFile()}; echo $$ >> ${pidFile()}; wait`;
    const result = await runProgram('sh', ['-c', script], { env, timeoutMs: 300, graceMs: 500 });
    expect(result).toMatchObject({ code: null, signal: 'SIGKILL', timedOut: true });
    const pids = readPids(pidFile());
    expect(pids).toHaveLength(2);
    await allGone(pids);
  });

  it('an abort stops the whole group; an already aborted signal starts nothing', async () => {
    const controller = new AbortController();
    const script = `sleep 60 & echo $! > ${pidFile()}; echo $$ >> ${pidFile()}; echo started; wait`;
    const running = runProgram('sh', ['-c', script], {
      env,
      signal: controller.signal,
      onLine: (_stream, line) => {
        if (line === 'started') controller.abort();
      },
    });
    const result = await running;
    expect(result).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGTERM', error: 'stopped' });
    await allGone(readPids(pidFile()));

    const marker = join(dir.dir, 'ran');
    const never = await runProgram('touch', [marker], { env, signal: AbortSignal.abort() });
    expect(never).toMatchObject({ aborted: true, code: null, spawnError: null });
    expect(existsSync(marker)).toBe(false);
  });

  it('kills what the program left running in its group when it ends', async () => {
    const script = `sleep 60 >/dev/null 2>&1 & echo $! > ${pidFile()}`;
    const result = await runProgram('sh', ['-c', script], { env });
    expect(result.code).toBe(0);
    await allGone(readPids(pidFile()));
  });

  it('keeps at most maxBytes per stream and says the output was cut', async () => {
    const script = 'head -c 100000 /dev/zero | tr "\\0" x; echo short >&2';
    const result = await runProgram('sh', ['-c', script], { env, maxBytes: 1000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('x'.repeat(1000));
    expect(result.stderr).toBe('short\n');
    expect(result.truncated).toEqual({ stdout: true, stderr: false });

    const sync = runProgramSync('sh', ['-c', script], { env, maxBytes: 1000 });
    expect(sync.stdout).toBe('x'.repeat(1000));
    expect(sync.truncated.stdout).toBe(true);
  });

  it('reports a program that cannot start in one line, without throwing', async () => {
    const missing = await runProgram('/nonexistent/program', [], { env });
    expect(missing).toMatchObject({
      code: null,
      timedOut: false,
      spawnError: '/nonexistent/program: command not found',
      error: '/nonexistent/program: command not found',
    });
    expect(failureDetail(missing)).toBe('/nonexistent/program: command not found');
    const notExecutable = join(dir.dir, 'script');
    writeFileSync(notExecutable, '#!/bin/sh\n', { mode: 0o644 });
    expect((await runProgram(notExecutable, [], { env })).spawnError).toBe(
      `${notExecutable}: permission denied`,
    );
    const noFolder = join(dir.dir, 'gone');
    expect((await runProgram('sh', ['-c', 'true'], { env, cwd: noFolder })).spawnError).toBe(
      `sh: working folder ${noFolder} does not exist`,
    );
    expect((await runProgram('', [], { env })).spawnError).toMatch(/^: .+/);

    expect(runProgramSync('/nonexistent/program', [], { env }).spawnError).toBe(
      '/nonexistent/program: command not found',
    );
    expect(await runInherited('/nonexistent/program', [], { env })).toEqual({
      code: 127,
      spawnError: '/nonexistent/program: command not found',
    });
    expect(runInheritedSync('/nonexistent/program', [], { env }).code).toBe(127);
  });

  it('hands over lines as they come, per stream, with CR LF and a last partial line', async () => {
    const lines: Record<OutputStream, string[]> = { stdout: [], stderr: [] };
    const script = "printf 'par'; printf 'tial\\r\\nnext\\n'; printf 'warn\\r\\n' >&2; printf 'no newline'";
    const result = await runProgram('sh', ['-c', script], {
      env,
      onLine: (stream, line) => lines[stream].push(line),
    });
    expect(lines).toEqual({ stdout: ['partial', 'next', 'no newline'], stderr: ['warn'] });
    expect(result).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
      truncated: { stdout: false, stderr: false },
    });
  });

  it('cuts a line longer than maxBytes in line mode and says so', async () => {
    const lines: string[] = [];
    const script = 'head -c 5000 /dev/zero | tr "\\0" x; echo; echo after';
    const result = await runProgram('sh', ['-c', script], {
      env,
      maxBytes: 100,
      onLine: (_stream, line) => lines.push(line),
    });
    expect(lines).toEqual(['x'.repeat(100), 'after']);
    expect(result.truncated.stdout).toBe(true);
  });

  it('kills a running group when autoswe itself exits', async () => {
    // Another Node process starts a long program through the adapter (its source, by type stripping) and
    // exits as soon as the program is running.
    const parentScript = join(dir.dir, 'parent.mjs');
    writeFileSync(
      parentScript,
      [
        "import { existsSync } from 'node:fs';",
        `import { runProgram } from ${JSON.stringify(resolve(REPO_ROOT, 'src/adapters/spawn.ts'))};`,
        `const pids = ${JSON.stringify(pidFile())};`,
        "void runProgram('sh', ['-c', 'echo $$ > ' + pids + '; exec sleep 60'], { env: process.env });",
        'setInterval(() => existsSync(pids) && process.exit(0), 10);',
      ].join('\n'),
    );
    const parent = await runProgram(process.execPath, [parentScript], { env, timeoutMs: 20_000 });
    expect(parent).toMatchObject({ code: 0, error: null });
    await expect.poll(() => readPids(pidFile()), { timeout: 10_000 }).toHaveLength(1);
    await allGone(readPids(pidFile()));
  });
});

describe('runInherited (interactive programs on the caller terminal)', () => {
  it('passes the exit code through, 128 + the signal number when killed', async () => {
    expect(await runInherited('sh', ['-c', 'exit 7'], { env })).toEqual({ code: 7, spawnError: null });
    expect(await runInherited('sh', ['-c', 'kill -TERM $$'], { env })).toEqual({
      code: 143,
      spawnError: null,
    });
    expect(await runInherited('sh', ['-c', 'kill -KILL $$'], { env })).toEqual({
      code: 137,
      spawnError: null,
    });
    expect(runInheritedSync('sh', ['-c', 'exit 7'], { env }).code).toBe(7);
    expect(runInheritedSync('sh', ['-c', 'kill -INT $$'], { env }).code).toBe(130);
  });
});

describe('runProgramSync', () => {
  it('collects output and the exit code, feeds input, and stops at the timeout', () => {
    expect(runProgramSync('sh', ['-c', 'cat; echo e >&2; exit 2'], { env, input: 'in' })).toMatchObject({
      code: 2,
      stdout: 'in',
      stderr: 'e\n',
      spawnError: null,
      error: null,
    });
    expect(runProgramSync('sleep', ['30'], { env, timeoutMs: 200 })).toMatchObject({
      code: null,
      signal: 'SIGKILL',
      timedOut: true,
      error: 'did not answer within 200 ms',
    });
  });
});

describe('one spawn adapter', () => {
  it('src/ reaches node:child_process only through src/adapters/spawn.ts', () => {
    const src = join(REPO_ROOT, 'src');
    const others = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && file !== join('adapters', 'spawn.ts'))
      .filter((file) => /['"](node:)?child_process['"]/.test(readFileSync(join(src, file), 'utf8')));
    expect(others).toEqual([]);
  });
});

describe('LineSplitter', () => {
  it('splits only at newlines, across chunks, dropping the CR of CR LF', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('{"a":');
    splitter.push('1}\r');
    splitter.push('\n{"b"');
    expect(lines).toEqual(['{"a":1}']);
    splitter.push(':2}\n\nlast');
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '']);
    splitter.flush();
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '', 'last']);
    expect(splitter.cut).toBe(false);
  });

  it('cuts a line past its limit, also one arriving in many chunks, and goes on with the next', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), 4);
    splitter.push('ab');
    splitter.push('cdef');
    splitter.push('gh\nok\n');
    expect(lines).toEqual(['abcd', 'ok']);
    expect(splitter.cut).toBe(true);
  });
});
