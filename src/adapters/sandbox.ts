import { AutosweError } from '../base/errors.js';
import { findOnPath } from './path-lookup.js';
import { DEFAULT_MAX_BYTES, type ProcessResult, runInherited as runOnTerminal, runProgram } from './spawn.js';

/** The one adapter over the sandbox program (bubblewrap): how agent tools and checks are run. */

/** `sandbox:` in autoswe.yaml: bubblewrap, or the command as it is. */
export type SandboxKind = 'none' | 'bwrap';

export interface SandboxSpec {
  readonly command: readonly string[];
  readonly cwd: string;
  /** Visible read-only inside bwrap (the workspace: cases, programs, baseline). */
  readonly readable: readonly string[];
  /** The only writable places inside bwrap (the target checkout). */
  readonly writable: readonly string[];
  /** The command's whole environment (PATH in it also finds bwrap); nothing of process.env is added. */
  readonly env: NodeJS.ProcessEnv;
}

export interface SandboxInvocation {
  readonly file: string;
  readonly args: string[];
}

/**
 * The program and arguments that run `spec.command` in the sandbox. `bwrap`: the whole system read-only,
 * private /tmp, the readable folders read-only, the writable ones writable, no network, own pid namespace,
 * dies with its parent. Throws when bwrap is configured but missing.
 */
export function sandboxInvocation(kind: SandboxKind, spec: SandboxSpec): SandboxInvocation {
  const [program, ...rest] = spec.command;
  if (program === undefined) throw new AutosweError('sandbox: no command given');
  if (kind === 'none') return { file: program, args: rest };
  const bwrap = findOnPath('bwrap', spec.env);
  if (bwrap === undefined) {
    throw new AutosweError(
      "sandbox is 'bwrap' in the config but bwrap is not installed (apt-get install bubblewrap), or set sandbox: none",
    );
  }
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
  // Later binds win: readable folders first, then writable ones nested inside them.
  for (const dir of spec.readable) args.push('--ro-bind', dir, dir);
  for (const dir of spec.writable) args.push('--bind', dir, dir);
  args.push(
    '--unshare-net',
    '--unshare-pid',
    '--die-with-parent',
    '--chdir',
    spec.cwd,
    '--',
    program,
    ...rest,
  );
  return { file: bwrap, args };
}

/**
 * Whether bwrap can actually build the sandbox here: installed is not enough where unprivileged user
 * namespaces are disabled (some distributions' AppArmor policy, containers without the capability).
 */
export async function probeBwrap(env: NodeJS.ProcessEnv): Promise<{ ok: boolean; detail: string }> {
  const bwrap = findOnPath('bwrap', env);
  if (bwrap === undefined)
    return { ok: false, detail: 'bwrap is not installed (apt-get install bubblewrap)' };
  const result = await runCaptured(
    'bwrap',
    { command: ['true'], cwd: '/', readable: [], writable: [], env },
    { timeoutMs: 5_000 },
  );
  if (result.code === 0) return { ok: true, detail: `bwrap at ${bwrap} builds the sandbox` };
  const why = result.stderr.trim().split('\n')[0] || result.spawnError || `exit ${result.code}`;
  return { ok: false, detail: `bwrap at ${bwrap} cannot build the sandbox here: ${why}` };
}

/** A sandboxed run's end: the spawn adapter's result (code, signal, output, timedOut, spawnError, …). */
export type SandboxResult = ProcessResult;

/** Output kept per stream of a sandboxed run; past it the result says `truncated`. */
export const CAPTURE_MAX_BYTES = DEFAULT_MAX_BYTES;

export interface CaptureOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs a command in the sandbox to completion, capturing stdout and stderr, in its own process group so a
 * timeout or abort stops it and everything it started (SIGTERM, SIGKILL 2 s later); never rejects for the
 * program's sake.
 */
export function runCaptured(
  kind: SandboxKind,
  spec: SandboxSpec,
  options: CaptureOptions,
): Promise<SandboxResult> {
  const { file, args } = sandboxInvocation(kind, spec);
  return runProgram(file, args, {
    env: spec.env,
    cwd: spec.cwd,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    maxBytes: CAPTURE_MAX_BYTES,
  });
}

/**
 * Runs a command in the sandbox with the caller's terminal (stdin, stdout, stderr inherited);
 * resolves to its exit code (128 + signal number when killed, as shells report it).
 */
export async function runInherited(kind: SandboxKind, spec: SandboxSpec): Promise<number> {
  const { file, args } = sandboxInvocation(kind, spec);
  const result = await runOnTerminal(file, args, { env: spec.env, cwd: spec.cwd });
  if (result.spawnError !== null) throw new AutosweError(`sandbox: cannot run ${result.spawnError}`);
  return result.code;
}
