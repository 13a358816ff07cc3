import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeRevert, revertTarget } from '../../src/loop/revert.js';
import { tempDir } from '../helpers/cli.js';

const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' };
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { env }).toString();

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function repo(): { target: string; keep: string; start: string } {
  const made = tempDir('autoswe-revert-');
  cleanup = made.cleanup;
  const target = join(made.dir, 'target');
  mkdirSync(target);
  git(target, 'init', '-q', '-b', 'main');
  writeFileSync(join(target, 'main.go'), 'package main\n');
  writeFileSync(join(target, 'README.md'), 'readme\n');
  writeFileSync(join(target, '.gitignore'), 'build/\n');
  git(target, 'add', '-A');
  git(target, 'commit', '-q', '-m', 'start');
  return {
    target,
    keep: join(made.dir, 'runs', 'r1', 'reverted', 'iter-3'),
    start: git(target, 'rev-parse', 'HEAD').trim(),
  };
}

describe('revertTarget: nothing the operator owns is lost', () => {
  it('saves the diff (committed and uncommitted) as diff.patch and moves untracked files instead of deleting them', async () => {
    const { target, keep, start } = repo();
    writeFileSync(join(target, 'main.go'), 'package main\n// committed by the agent\n');
    git(target, 'commit', '-q', '-am', 'agent commit');
    writeFileSync(join(target, 'README.md'), 'readme, edited by the operator\n');
    writeFileSync(join(target, 'NOTES.md'), 'operator notes\n');
    mkdirSync(join(target, 'scratch', 'deep'), { recursive: true });
    writeFileSync(join(target, 'scratch', 'deep', 'x.txt'), 'x\n');
    mkdirSync(join(target, 'build'));
    writeFileSync(join(target, 'build', 'out.bin'), 'ignored\n');

    const record = await revertTarget(target, start, keep, env);

    expect(git(target, 'rev-parse', 'HEAD').trim()).toBe(start);
    expect(git(target, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(target, 'NOTES.md'))).toBe(false);
    expect(existsSync(join(target, 'scratch'))).toBe(false);
    // Ignored files are not the agent's work and not cleaned (as before: git clean -f -d).
    expect(readFileSync(join(target, 'build', 'out.bin'), 'utf8')).toBe('ignored\n');
    expect(record.patch).toBe(join(keep, 'diff.patch'));
    expect([...record.untracked].sort()).toEqual(['NOTES.md', 'scratch/deep/x.txt']);
    expect(readFileSync(join(keep, 'untracked', 'NOTES.md'), 'utf8')).toBe('operator notes\n');
    expect(readFileSync(join(keep, 'untracked', 'scratch', 'deep', 'x.txt'), 'utf8')).toBe('x\n');
    // The patch gives the thrown-away edits back.
    git(target, 'apply', join(keep, 'diff.patch'));
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toBe('readme, edited by the operator\n');
    expect(readFileSync(join(target, 'main.go'), 'utf8')).toContain('committed by the agent');
    expect(describeRevert(record)).toContain(`the thrown-away diff saved to ${join(keep, 'diff.patch')}`);
    expect(describeRevert(record)).toContain('NOTES.md');
  });

  it('keeps nothing and writes no patch when nothing changed', async () => {
    const { target, keep, start } = repo();
    const record = await revertTarget(target, start, keep, env);
    expect(record).toEqual({ dir: keep, patch: null, untracked: [] });
    expect(existsSync(keep)).toBe(false);
    expect(describeRevert(record)).toBe('nothing to keep (no change since the iteration start)');
  });

  it('moves a nested repository whole', async () => {
    const { target, keep, start } = repo();
    const nested = join(target, 'vendor-repo');
    mkdirSync(nested);
    git(nested, 'init', '-q');
    writeFileSync(join(nested, 'f'), 'f\n');
    const record = await revertTarget(target, start, keep, env);
    expect(record.untracked).toEqual(['vendor-repo/']);
    expect(readFileSync(join(keep, 'untracked', 'vendor-repo', 'f'), 'utf8')).toBe('f\n');
    expect(existsSync(nested)).toBe(false);
  });
});
