import { AutosweError } from '../base/errors.js';
import { runProgram } from './spawn.js';

/**
 * The one adapter over the `git` program: the target checkout the agent works in. Every call takes the
 * environment git runs with (the caller's, plus no prompts, the C locale and no optional locks).
 */

interface GitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
/** Used only when the machine has no git identity, so commits work on a bare CI box. */
const FALLBACK_IDENTITY = ['-c', 'user.name=autoswe', '-c', 'user.email=autoswe@localhost'];
/**
 * The agent writes the target: hooks or an fsmonitor command it set up (in a config git reads) would run
 * outside its sandbox when the loop commits or resets, so the loop's git runs neither (docs/SECURITY.md).
 */
const NO_AGENT_CODE = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];
/** Output kept from one git call; more (a status of a huge tree) is refused rather than read cut. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Runs git in `dir` with the caller's environment; rejects only when git could not run or answer whole. */
async function runGit(dir: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<GitRun> {
  const result = await runProgram('git', ['-C', dir, ...NO_AGENT_CODE, ...args], {
    env: { ...env, ...GIT_ENV },
    maxBytes: MAX_OUTPUT_BYTES,
  });
  if (result.spawnError !== null) throw new AutosweError(`cannot run git in ${dir}: ${result.spawnError}`);
  if (result.truncated.stdout || result.truncated.stderr) {
    throw new AutosweError(`git ${args[0]} in ${dir} printed more than ${MAX_OUTPUT_BYTES >> 20} MiB`);
  }
  if (result.code === null) throw new AutosweError(`git ${args[0]} in ${dir} was killed by ${result.signal}`);
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}

/** Runs git and returns stdout; a non-zero exit is an AutosweError naming the repository and git's message. */
async function git(dir: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await runGit(dir, args, env);
  if (result.code !== 0) {
    const message = result.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit ${result.code}`;
    throw new AutosweError(`git ${args[0]} failed in ${dir}: ${message}`);
  }
  return result.stdout;
}

export async function gitIsRepo(dir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const result = await runGit(dir, ['rev-parse', '--is-inside-work-tree'], env).catch(() => undefined);
  return result?.code === 0 && result.stdout.trim() === 'true';
}

/** The commit HEAD points at (full sha). */
export async function gitHead(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  return (await git(dir, ['rev-parse', '--verify', 'HEAD'], env)).trim();
}

export interface GitCleanliness {
  readonly clean: boolean;
  /** Changed, staged or untracked paths, relative to the repository root. */
  readonly dirty: readonly string[];
}

export async function gitIsClean(dir: string, env: NodeJS.ProcessEnv): Promise<GitCleanliness> {
  const out = await git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all'], env);
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

async function identityArgs(dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const name = await runGit(dir, ['config', 'user.name'], env);
  const email = await runGit(dir, ['config', 'user.email'], env);
  return name.code === 0 && email.code === 0 ? [] : FALLBACK_IDENTITY;
}

/** Stages everything (new files too) and commits; the new sha, or null when there was nothing to commit. */
export async function gitCommitAll(
  dir: string,
  message: string,
  env: NodeJS.ProcessEnv,
): Promise<string | null> {
  await git(dir, ['add', '-A'], env);
  const staged = await runGit(dir, ['diff', '--cached', '--quiet'], env);
  if (staged.code === 0) return null;
  await git(dir, [...(await identityArgs(dir, env)), 'commit', '-q', '--no-verify', '-m', message], env);
  return gitHead(dir, env);
}

/** Puts tracked files and HEAD back to `commit`. */
export async function gitResetHard(dir: string, commit: string, env: NodeJS.ProcessEnv): Promise<void> {
  await git(dir, ['reset', '-q', '--hard', commit], env);
}

/** Removes untracked files and folders (ignored files stay); returns what was removed. */
export async function gitCleanUntracked(dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const out = await git(dir, ['clean', '-f', '-d'], env);
  return out
    .split('\n')
    .filter((line) => line.startsWith('Removing '))
    .map((line) => line.slice('Removing '.length));
}

/** Creates a repository with `main` as its branch (used by the demo and tests). */
export async function gitInit(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  await git(dir, ['init', '-q', '-b', 'main'], env);
}

/** Whether git ignores `path` (absolute, inside the repository at `dir`): `git check-ignore`. */
export async function gitIsIgnored(dir: string, path: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const result = await runGit(dir, ['check-ignore', '-q', '--no-index', path], env);
  if (result.code === 0) return true;
  if (result.code === 1) return false;
  throw new AutosweError(
    `git check-ignore failed in ${dir}: ${result.stderr.trim() || `exit ${result.code}`}`,
  );
}

/** `git show` of one commit: its header, the files it changed (stat) and the patch. */
export async function gitShow(dir: string, commit: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (!/^[0-9a-f]{4,64}$/i.test(commit)) throw new AutosweError(`not a commit id: '${commit}'`);
  return git(dir, ['show', '--stat', '--patch', '--no-color', '--format=fuller', commit, '--'], env);
}

/** The top folder of the work tree `dir` is in (`git rev-parse --show-toplevel`), or null outside one. */
export async function gitTopLevel(dir: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const result = await runGit(dir, ['rev-parse', '--show-toplevel'], env).catch(() => undefined);
  if (result === undefined || result.code !== 0) return null;
  return result.stdout.replace(/\n$/, '');
}

/**
 * The difference between `commit` and the work tree as it is now, for tracked files (whatever was
 * committed since, and whatever is not): `git diff --binary`, a patch `git apply` takes back.
 */
export async function gitDiffFrom(dir: string, commit: string, env: NodeJS.ProcessEnv): Promise<string> {
  return git(dir, ['diff', '--binary', '--no-color', '--no-ext-diff', commit, '--'], env);
}

/**
 * Untracked files git does not ignore (what `git clean -f -d` would delete), relative to `dir`; a nested
 * repository is one entry ending in `/`.
 */
export async function gitUntracked(dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const out = await git(dir, ['ls-files', '--others', '--exclude-standard', '-z'], env);
  return out.split('\0').filter((path) => path !== '');
}
