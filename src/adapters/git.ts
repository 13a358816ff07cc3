import { execFile } from 'node:child_process';
import { AutosweError } from '../base/errors.js';

/** The one adapter over the `git` program: the target checkout the agent works in. */

interface GitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
/** Used only when the machine has no git identity, so commits work on a bare CI box. */
const FALLBACK_IDENTITY = ['-c', 'user.name=autoswe', '-c', 'user.email=autoswe@localhost'];

function runGit(dir: string, args: readonly string[]): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-C', dir, ...args],
      { env: { ...process.env, ...GIT_ENV }, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          const why = error.code === 'ENOENT' ? 'git is not installed (not found on PATH)' : error.message;
          reject(new AutosweError(`cannot run git in ${dir}: ${why}`));
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs git and returns stdout; a non-zero exit is an AutosweError naming the repository and git's message. */
async function git(dir: string, args: readonly string[]): Promise<string> {
  const result = await runGit(dir, args);
  if (result.code !== 0) {
    const message = result.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit ${result.code}`;
    throw new AutosweError(`git ${args[0]} failed in ${dir}: ${message}`);
  }
  return result.stdout;
}

export async function gitIsRepo(dir: string): Promise<boolean> {
  const result = await runGit(dir, ['rev-parse', '--is-inside-work-tree']).catch(() => undefined);
  return result?.code === 0 && result.stdout.trim() === 'true';
}

/** The commit HEAD points at (full sha). */
export async function gitHead(dir: string): Promise<string> {
  return (await git(dir, ['rev-parse', '--verify', 'HEAD'])).trim();
}

export interface GitCleanliness {
  readonly clean: boolean;
  /** Changed, staged or untracked paths, relative to the repository root. */
  readonly dirty: readonly string[];
}

export async function gitIsClean(dir: string): Promise<GitCleanliness> {
  const out = await git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  const dirty: string[] = [];
  const entries = out.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? '';
    if (entry.length < 4) continue;
    dirty.push(entry.slice(3));
    // A rename or copy entry is followed by its source path, which is not a separate change.
    if (entry[0] === 'R' || entry[0] === 'C') i++;
  }
  return { clean: dirty.length === 0, dirty };
}

async function identityArgs(dir: string): Promise<string[]> {
  const name = await runGit(dir, ['config', 'user.name']);
  const email = await runGit(dir, ['config', 'user.email']);
  return name.code === 0 && email.code === 0 ? [] : FALLBACK_IDENTITY;
}

/** Stages everything (new files too) and commits; the new sha, or null when there was nothing to commit. */
export async function gitCommitAll(dir: string, message: string): Promise<string | null> {
  await git(dir, ['add', '-A']);
  const staged = await runGit(dir, ['diff', '--cached', '--quiet']);
  if (staged.code === 0) return null;
  await git(dir, [...(await identityArgs(dir)), 'commit', '-q', '--no-verify', '-m', message]);
  return gitHead(dir);
}

/** Puts tracked files and HEAD back to `commit`. */
export async function gitResetHard(dir: string, commit: string): Promise<void> {
  await git(dir, ['reset', '-q', '--hard', commit]);
}

/** Removes untracked files and folders (ignored files stay); returns what was removed. */
export async function gitCleanUntracked(dir: string): Promise<string[]> {
  const out = await git(dir, ['clean', '-f', '-d']);
  return out
    .split('\n')
    .filter((line) => line.startsWith('Removing '))
    .map((line) => line.slice('Removing '.length));
}

/** Creates a repository with `main` as its branch (used by the demo and tests). */
export async function gitInit(dir: string): Promise<void> {
  await git(dir, ['init', '-q', '-b', 'main']);
}

/** Whether git ignores `path` (absolute, inside the repository at `dir`): `git check-ignore`. */
export async function gitIsIgnored(dir: string, path: string): Promise<boolean> {
  const result = await runGit(dir, ['check-ignore', '-q', '--no-index', path]);
  if (result.code === 0) return true;
  if (result.code === 1) return false;
  throw new AutosweError(
    `git check-ignore failed in ${dir}: ${result.stderr.trim() || `exit ${result.code}`}`,
  );
}
