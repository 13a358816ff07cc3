import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type DemoWorkspace, setupDemo } from './loop-helpers.js';

let demo: DemoWorkspace | undefined;
afterEach(() => demo?.cleanup());

describe('autoswe journey-synth', () => {
  it('rewrites an iteration entry from its verdict and transcript; without --iter, the latest', async () => {
    demo = await setupDemo({ maxIters: 2 });
    const { root } = demo;
    expect((await runCli(['run', '--config', demo.config], { cwd: root, timeoutMs: 30_000 })).code).toBe(3);
    const entry = join(root, 'docs', 'journey', 'iter-1.md');
    const written = readFileSync(entry, 'utf8');
    rmSync(entry);

    const again = await runCli(['journey-synth', '--iter', '1'], { cwd: root });
    expect(again).toMatchObject({ code: 0, stdout: 'wrote docs/journey/iter-1.md\n' });
    expect(readFileSync(entry, 'utf8')).toBe(written);
    expect(written).toContain('# Iteration 1: calc - ACCEPT');
    expect(written).toContain('> Added multiplication to src/calc.mjs; division is still missing.');

    const latest = await runCli(['journey-synth', '--json'], { cwd: root });
    expect(JSON.parse(latest.stdout)).toEqual({ path: join(root, 'docs', 'journey', 'iter-2.md') });
    const shown = await runCli(['journey', '--iter', '2'], { cwd: root });
    expect(shown.stdout).toContain('Iteration 2: units - ACCEPT');
  }, 40_000);

  it('says plainly when there is no verdict to write from (exit 1)', async () => {
    demo = await setupDemo();
    const result = await runCli(['journey-synth', '--iter', '7'], { cwd: demo.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `autoswe: no verdict for iteration 7 in ${join(demo.root, '.autoswe', 'VERDICTS')}\n`,
    );
  });
});
