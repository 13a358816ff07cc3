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
  let env: NodeJS.ProcessEnv = {};

  beforeEach(async () => {
    ({ dir: home, cleanup } = tempDir('autoswe-git-'));
    dir = join(home, 'repo');
    mkdirSync(dir);
    // A machine with no git identity at all: commits must still work. Given to git in its env only.
    writeFileSync(join(home, 'gitconfig'), '');
    env = {
      PATH: process.env.PATH,
      HOME: home,
      GIT_CONFIG_GLOBAL: join(home, 'gitconfig'),
      GIT_CONFIG_NOSYSTEM: '1',
    };
    await gitInit(dir, env);
  });
  afterEach(() => cleanup());

  it('commits everything without a configured identity and returns the sha', async () => {
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    const sha = await gitCommitAll(dir, 'iter 1: parser +2', env);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await gitHead(dir, env)).toBe(sha);
    const author = execFileSync('git', ['-C', dir, 'log', '-1', '--format=%an <%ae> %s'], {
      encoding: 'utf8',
    });
    expect(author.trim()).toBe('autoswe <autoswe@localhost> iter 1: parser +2');
  });

  it('returns null when there is nothing to commit', async () => {
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    await gitCommitAll(dir, 'first', env);
    expect(await gitCommitAll(dir, 'second', env)).toBeNull();
  });

  it('reports what is dirty, including untracked files', async () => {
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    await gitCommitAll(dir, 'first', env);
    expect(await gitIsClean(dir, env)).toEqual({ clean: true, dirty: [] });
    writeFileSync(join(dir, 'a.txt'), 'two\n');
    mkdirSync(join(dir, 'new'));
    writeFileSync(join(dir, 'new', 'b.txt'), 'b\n');
    expect(await gitIsClean(dir, env)).toEqual({ clean: false, dirty: ['a.txt', 'new/b.txt'] });
  });

  it('reset and clean put the checkout back exactly at the starting commit', async () => {
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    const start = (await gitCommitAll(dir, 'first', env)) ?? '';
    writeFileSync(join(dir, 'a.txt'), 'changed\n');
    writeFileSync(join(dir, 'c.txt'), 'committed later\n');
    await gitCommitAll(dir, 'second', env);
    writeFileSync(join(dir, 'stray.txt'), 'untracked\n');
    await gitResetHard(dir, start, env);
    expect(await gitCleanUntracked(dir, env)).toEqual(['stray.txt']);
    expect(await gitHead(dir, env)).toBe(start);
    expect(await gitIsClean(dir, env)).toEqual({ clean: true, dirty: [] });
  });

  it('knows a repository from a plain folder, and names the folder in errors', async () => {
    const plain = tempDir('autoswe-plain-');
    try {
      expect(await gitIsRepo(dir, env)).toBe(true);
      expect(await gitIsRepo(plain.dir, env)).toBe(false);
      expect(await gitIsRepo(join(plain.dir, 'missing'), env)).toBe(false);
      await expect(gitHead(plain.dir, env)).rejects.toThrow(
        new RegExp(`git rev-parse failed in ${plain.dir}: .*`),
      );
    } finally {
      plain.cleanup();
    }
  });

  it('runs git with the given environment: its identity is used, and without git on its PATH one line says so', async () => {
    writeFileSync(join(home, 'identity'), '[user]\n\tname = Given Name\n\temail = given@example.org\n');
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    await gitCommitAll(dir, 'first', { ...env, GIT_CONFIG_GLOBAL: join(home, 'identity') });
    const author = execFileSync('git', ['-C', dir, 'log', '-1', '--format=%an <%ae>'], { encoding: 'utf8' });
    expect(author.trim()).toBe('Given Name <given@example.org>');
    await expect(gitHead(dir, { ...env, PATH: '/nonexistent' })).rejects.toThrow(
      `cannot run git in ${dir}: git: command not found`,
    );
  });
});
