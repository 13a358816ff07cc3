import { realpathSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureDetail, runProgram } from '../../src/adapters/spawn.js';
import { tempDir } from '../helpers/cli.js';

describe('runProgram (the one spawn-collect-timeout of the adapters)', () => {
  let dir: { dir: string; cleanup: () => void };
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());
  const env = { PATH: process.env.PATH };

  it('collects stdout, stderr and the exit code, in the given directory', async () => {
    const result = await runProgram('sh', ['-c', 'pwd; echo oops >&2; exit 3'], { env, cwd: dir.dir });
    expect(result).toEqual({ code: 3, stdout: `${realpathSync(dir.dir)}\n`, stderr: 'oops\n' });
    expect(failureDetail(result)).toBe('oops');
  });

  it('feeds the input on stdin and closes it; without input stdin is empty', async () => {
    expect((await runProgram('cat', [], { env, input: '{"a":1}' })).stdout).toBe('{"a":1}');
    expect((await runProgram('cat', [], { env })).stdout).toBe('');
  });

  it('does not fail when the program exits without reading a large input', async () => {
    const result = await runProgram('true', [], { env, input: 'x'.repeat(4 * 1024 * 1024) });
    expect(result.code).toBe(0);
    expect(result.error).toBeUndefined();
  });

  it('kills a program that runs past the timeout and says so', async () => {
    const started = Date.now();
    const result = await runProgram('sleep', ['30'], { env, timeoutMs: 200 });
    expect(result).toMatchObject({ code: null, timedOut: true, error: 'did not answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports a program that cannot run as an error, without throwing', async () => {
    const result = await runProgram('/nonexistent/program', [], { env });
    expect(result.code).toBeNull();
    expect(result.timedOut).toBeUndefined();
    expect(result.error).toMatch(/ENOENT/);
    expect(failureDetail(result)).toMatch(/ENOENT/);
  });
});
