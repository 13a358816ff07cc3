import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeBwrap, runCaptured, sandboxInvocation } from '../../src/adapters/sandbox.js';
import { bwrapUnavailable } from '../helpers/bwrap.js';
import { tempDir } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { processRunning, readPids } from '../helpers/processes.js';

const bwrapProblem = bwrapUnavailable();

describe('sandbox adapter', () => {
  let root = '';
  let target = '';
  let cleanup = () => {};
  beforeEach(() => {
    ({ dir: root, cleanup } = tempDir('autoswe-sandbox-'));
    target = join(root, 'target');
    mkdirSync(target);
    writeFileSync(join(root, 'case.txt'), 'input\n');
  });
  afterEach(() => cleanup());

  const env = { PATH: process.env.PATH };
  const spec = (script: string) => ({
    command: ['sh', '-c', script],
    cwd: target,
    readable: [root],
    writable: [target],
    env,
  });

  it('sandbox none runs the command directly in the given folder', async () => {
    const result = await runCaptured('none', spec('pwd; cat ../case.txt; echo out > f'), { timeoutMs: 5000 });
    expect(result).toMatchObject({ code: 0, timedOut: false, spawnError: null });
    expect(result.stdout).toBe(`${target}\ninput\n`);
    expect(readFileSync(join(target, 'f'), 'utf8')).toBe('out\n');
  });

  it('a command past its timeout is killed with everything it started', async () => {
    const pids = join(root, 'pids');
    const result = await runCaptured('none', spec(`sleep 30 & echo $! > ${pids}; echo $$ >> ${pids}; wait`), {
      timeoutMs: 300,
    });
    expect(result.timedOut).toBe(true);
    expect(readPids(pids)).toHaveLength(2);
    for (const pid of readPids(pids)) {
      await expect.poll(() => processRunning(pid), { timeout: 10_000 }).toBe(false);
    }
  });

  it('the command gets the given environment only', async () => {
    process.env.AUTOSWE_SANDBOX_LEAK = 'leaked';
    try {
      const result = await runCaptured(
        'none',
        { ...spec('echo "[$AUTOSWE_SANDBOX_LEAK][$GIVEN]"'), env: { ...env, GIVEN: 'given' } },
        { timeoutMs: 5000 },
      );
      expect(result.stdout).toBe('[][given]\n');
    } finally {
      delete process.env.AUTOSWE_SANDBOX_LEAK;
    }
  });

  it('a program that does not exist is reported, not thrown', async () => {
    const result = await runCaptured(
      'none',
      { command: ['./no-such-program'], cwd: target, readable: [], writable: [], env },
      { timeoutMs: 1000 },
    );
    expect(result.spawnError).toBe('./no-such-program: command not found');
  });

  it('bwrap configured but not installed is a clear error', () => {
    expect(() => sandboxInvocation('bwrap', { ...spec('true'), env: { PATH: '/nonexistent' } })).toThrow(
      "sandbox is 'bwrap' in the config but bwrap is not installed (apt-get install bubblewrap), or set sandbox: none",
    );
  });

  it('probeBwrap says whether bwrap can build the sandbox, and why not', async () => {
    expect(await probeBwrap({ PATH: '/nonexistent' })).toEqual({
      ok: false,
      detail: 'bwrap is not installed (apt-get install bubblewrap)',
    });
    if (componentMissing('bwrap', bwrapProblem === null, bwrapProblem ?? '')) return;
    expect(await probeBwrap(env)).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/builds the sandbox/),
    });
  });

  it('bwrap: the target is writable, the rest read-only, /tmp private, no network', async () => {
    if (componentMissing('bwrap', bwrapProblem === null, bwrapProblem ?? '')) return;
    const outside = tempDir('autoswe-outside-');
    const hostOnly = join(outside.dir, 'host-only');
    writeFileSync(hostOnly, 'host');
    const script = [
      'echo made > made.txt',
      'echo cheat > ../case.txt 2>/dev/null || echo root-readonly',
      'touch /usr/autoswe-x 2>/dev/null || echo system-readonly',
      `test -e ${hostOnly} && echo tmp-shared || echo tmp-private`,
      "awk 'NR>2 {print $1}' /proc/net/dev | tr -d : | tr '\\n' ' '",
    ].join('; ');
    const result = await runCaptured('bwrap', spec(script), { timeoutMs: 10_000 }).finally(outside.cleanup);
    expect(result.stdout).toBe('root-readonly\nsystem-readonly\ntmp-private\nlo ');
    expect(readFileSync(join(target, 'made.txt'), 'utf8')).toBe('made\n');
    expect(readFileSync(join(root, 'case.txt'), 'utf8')).toBe('input\n');
  });
});
