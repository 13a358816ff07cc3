import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type DemoWorkspace, git, setupDemo, verdictLines } from './loop-helpers.js';

let demo: DemoWorkspace | undefined;
afterEach(() => demo?.cleanup());

describe('nothing the operator owns is lost (issue 15 item 6)', () => {
  it('a REVERT keeps the thrown-away diff as runs/<id>/reverted/iter-N/diff.patch, named in loop.log, VERDICTS and the journey', async () => {
    demo = await setupDemo();
    const { root } = demo;
    const result = await runCli(['run', '--config', demo.config], { cwd: root, timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const revert = verdictLines(root).find((line) => line.verdict === 'REVERT');
    expect(revert).toBeDefined();
    const iter = revert?.iter as number;
    const runsDir = join(root, '.autoswe', 'runs');
    const [runId = ''] = readdirSync(runsDir);
    const kept = join(runsDir, runId, 'reverted', `iter-${iter}`);
    const patch = join(kept, 'diff.patch');
    expect(revert?.reverted).toEqual({ dir: kept, patch, untracked: [] });
    expect(readFileSync(patch, 'utf8')).toMatch(/^diff --git /);
    const log = readFileSync(join(runsDir, runId, 'loop.log'), 'utf8');
    expect(log).toContain(`iter ${iter} revert: the thrown-away diff saved to ${patch}`);
    const journey = readFileSync(join(root, 'docs', 'journey', `iter-${iter}.md`), 'utf8');
    expect(journey).toContain('## Kept from the REVERT');
    expect(journey).toContain(`The thrown-away diff: \`${patch}\``);
  }, 90_000);

  it('refuses a target that is a subfolder of a larger repository, in preflight and run, saying how to make a worktree', async () => {
    demo = await setupDemo({ maxIters: 1 });
    const { root } = demo;
    rmSync(join(root, 'target', '.git'), { recursive: true, force: true });
    writeFileSync(join(root, '.gitignore'), '.autoswe/\ndocs/journey/\n');
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'all');
    const target = join(root, 'target');
    const refused = await runCli(['run', '--config', demo.config], { cwd: root });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.split('\n')).toHaveLength(2);
    expect(refused.stderr).toContain(`target: ${target} is a subfolder of the git repository ${root}`);
    expect(refused.stderr).toContain(`'git -C ${root} worktree add <folder>'`);
    expect(existsSync(join(root, '.autoswe', 'run.lock'))).toBe(false);
    const preflight = await runCli(['preflight'], { cwd: root });
    expect(preflight.code).toBe(1);
    expect(preflight.stdout).toContain(`${target} is a subfolder of the git repository ${root}`);
  }, 40_000);
});
