import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeBwrap, runCaptured, sandboxInvocation } from '../../src/adapters/sandbox.js';
import { bwrapUnavailable } from '../helpers/bwrap.js';
import { tempDir } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';

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

  const spec = (script: string) => ({
    command: ['sh', '-c', script],
    cwd: target,
    readable: [root],
    writable: [target],
  });

  it('sandbox none runs the command directly in the given folder', async () => {
    const result = await runCaptured('none', spec('pwd; cat ../case.txt; echo out > f'), { timeoutMs: 5000 });
    expect(result).toMatchObject({ code: 0, timedOut: false, spawnError: null });
    expect(result.stdout).toBe(`${target}\ninput\n`);
    expect(readFileSync(join(target, 'f'), 'utf8')).toBe('out\n');
  });

  it('a command past its timeout is killed with everything it started', async () => {
    const marker = join(root, 'grandchild-survived');
    const result = await runCaptured('none', spec(`(sleep 1; touch ${marker}) & sleep 30`), {
      timeoutMs: 200,
    });
    expect(result.timedOut).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(existsSync(marker)).toBe(false);
  });

  it('a program that does not exist is reported, not thrown', async () => {
    const result = await runCaptured(
      'none',
      { command: ['./no-such-program'], cwd: target, readable: [], writable: [] },
      { timeoutMs: 1000 },
    );
    expect(result.spawnError).toMatch(/command not found/);
  });

  it('bwrap configured but not installed is a clear error', () => {
    expect(() => sandboxInvocation('bwrap', spec('true'), { PATH: '/nonexistent' })).toThrow(
      "sandbox is 'bwrap' in the config but bwrap is not installed (apt-get install bubblewrap), or set sandbox: none",
    );
  });

  it('probeBwrap says whether bwrap can build the sandbox, and why not', async () => {
    expect(await probeBwrap({ PATH: '/nonexistent' })).toEqual({
      ok: false,
      detail: 'bwrap is not installed (apt-get install bubblewrap)',
    });
    if (componentMissing('bwrap', bwrapProblem === null, bwrapProblem ?? '')) return;
    expect(await probeBwrap()).toMatchObject({
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
