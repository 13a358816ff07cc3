import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  gitCleanUntracked,
  gitCommitAll,
  gitHead,
  gitInit,
  gitIsClean,
  gitIsRepo,
  gitResetHard,
} from '../../src/adapters/git.js';
import { tempDir } from '../helpers/cli.js';

describe('git adapter', () => {
  let dir = '';
  let cleanup = () => {};
  let home = '';
  const saved = { global: process.env.GIT_CONFIG_GLOBAL, nosystem: process.env.GIT_CONFIG_NOSYSTEM };

  beforeEach(async () => {
    ({ dir: home, cleanup } = tempDir('autoswe-git-'));
    dir = join(home, 'repo');
    mkdirSync(dir);
    // A machine with no git identity at all: commits must still work.
    writeFileSync(join(home, 'gitconfig'), '');
    process.env.GIT_CONFIG_GLOBAL = join(home, 'gitconfig');
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    await gitInit(dir);
  });
  afterEach(() => {
    process.env.GIT_CONFIG_GLOBAL = saved.global;
    process.env.GIT_CONFIG_NOSYSTEM = saved.nosystem;
    if (saved.global === undefined) delete process.env.GIT_CONFIG_GLOBAL;
    if (saved.nosystem === undefined) delete process.env.GIT_CONFIG_NOSYSTEM;
    cleanup();
  });

  it('commits everything without a configured identity and returns the sha', async () => {
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    const sha = await gitCommitAll(dir, 'iter 1: parser +2');
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await gitHead(dir)).toBe(sha);
    const author = execFileSync('git', ['-C', dir, 'log', '-1', '--format=%an <%ae> %s'], {
      encoding: 'utf8',
    });
    expect(author.trim()).toBe('autoswe <autoswe@localhost> iter 1: parser +2');
  });

  it('returns null when there is nothing to commit', async () => {
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    await gitCommitAll(dir, 'first');
    expect(await gitCommitAll(dir, 'second')).toBeNull();
  });

  it('reports what is dirty, including untracked files', async () => {
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    await gitCommitAll(dir, 'first');
    expect(await gitIsClean(dir)).toEqual({ clean: true, dirty: [] });
    writeFileSync(join(dir, 'a.txt'), 'two\n');
    mkdirSync(join(dir, 'new'));
    writeFileSync(join(dir, 'new', 'b.txt'), 'b\n');
    expect(await gitIsClean(dir)).toEqual({ clean: false, dirty: ['a.txt', 'new/b.txt'] });
  });

  it('reset and clean put the checkout back exactly at the starting commit', async () => {
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    const start = (await gitCommitAll(dir, 'first')) ?? '';
    writeFileSync(join(dir, 'a.txt'), 'changed\n');
    writeFileSync(join(dir, 'c.txt'), 'committed later\n');
    await gitCommitAll(dir, 'second');
    writeFileSync(join(dir, 'stray.txt'), 'untracked\n');
    await gitResetHard(dir, start);
    expect(await gitCleanUntracked(dir)).toEqual(['stray.txt']);
    expect(await gitHead(dir)).toBe(start);
    expect(await gitIsClean(dir)).toEqual({ clean: true, dirty: [] });
  });

  it('knows a repository from a plain folder, and names the folder in errors', async () => {
    const plain = tempDir('autoswe-plain-');
    try {
      expect(await gitIsRepo(dir)).toBe(true);
      expect(await gitIsRepo(plain.dir)).toBe(false);
      expect(await gitIsRepo(join(plain.dir, 'missing'))).toBe(false);
      await expect(gitHead(plain.dir)).rejects.toThrow(
        new RegExp(`git rev-parse failed in ${plain.dir}: .*`),
      );
    } finally {
      plain.cleanup();
    }
  });
});
