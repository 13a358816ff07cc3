import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { AutosweError } from '../base/errors.js';
import type { SandboxKind } from '../core/config/types.js';
import { findOnPath } from './path-lookup.js';

/** The one adapter over the sandbox program (bubblewrap): how agent tools and checks are run. */

export interface SandboxSpec {
  readonly command: readonly string[];
  readonly cwd: string;
  /** Visible read-only inside bwrap (the workspace: cases, programs, baseline). */
  readonly readable: readonly string[];
  /** The only writable places inside bwrap (the target checkout). */
  readonly writable: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
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
export function sandboxInvocation(
  kind: SandboxKind,
  spec: SandboxSpec,
  env = process.env,
): SandboxInvocation {
  const [program, ...rest] = spec.command;
  if (program === undefined) throw new AutosweError('sandbox: no command given');
  if (kind === 'none') return { file: program, args: rest };
  const bwrap = findOnPath('bwrap', env);
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
export async function probeBwrap(env = process.env): Promise<{ ok: boolean; detail: string }> {
  const bwrap = findOnPath('bwrap', env);
  if (bwrap === undefined)
    return { ok: false, detail: 'bwrap is not installed (apt-get install bubblewrap)' };
  const result = await runCaptured(
    'bwrap',
    { command: ['true'], cwd: '/', readable: [], writable: [] },
    { timeoutMs: 5_000 },
  );
  if (result.code === 0) return { ok: true, detail: `bwrap at ${bwrap} builds the sandbox` };
  const why = result.stderr.trim().split('\n')[0] || result.spawnError || `exit ${result.code}`;
  return { ok: false, detail: `bwrap at ${bwrap} cannot build the sandbox here: ${why}` };
}

export interface SandboxResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** The program could not be started (not found, not executable): the reason, else null. */
  readonly spawnError: string | null;
  readonly durationMs: number;
}

export interface CaptureOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Output kept per stream; the rest is dropped (a runaway program must not exhaust memory). */
  readonly maxBytes?: number;
}

const KILL_GRACE_MS = 2_000;

/** Runs a command in the sandbox to completion, capturing stdout and stderr; never rejects for the program's sake. */
export function runCaptured(
  kind: SandboxKind,
  spec: SandboxSpec,
  options: CaptureOptions,
): Promise<SandboxResult> {
  const { file, args } = sandboxInvocation(kind, spec);
  const started = Date.now();
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout stops the program and everything it started.
      detached: true,
    });
    const stdout = collector(maxBytes);
    const stderr = collector(maxBytes);
    child.stdout.on('data', stdout.add);
    child.stderr.on('data', stderr.add);
    let timedOut = false;
    let spawnError: string | null = null;
    const stop = () => killGroup(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code === 'ENOENT' ? `${file}: command not found` : error.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      resolve({
        code,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        timedOut,
        spawnError,
        durationMs: Date.now() - started,
      });
    });
  });
}

/** SIGTERM to the whole group, SIGKILL after a grace period if anything is left. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  setTimeout(() => signal('SIGKILL'), KILL_GRACE_MS).unref();
}

function collector(maxBytes: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add: (chunk: Buffer) => {
      if (size >= maxBytes) return;
      chunks.push(chunk.subarray(0, maxBytes - size));
      size += chunk.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

/**
 * Runs a command in the sandbox with the caller's terminal (stdin, stdout, stderr inherited);
 * resolves to its exit code (128 + signal number when killed, as shells report it).
 */
export function runInherited(kind: SandboxKind, spec: SandboxSpec): Promise<number> {
  const { file, args } = sandboxInvocation(kind, spec);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: 'inherit',
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' ? 'command not found' : error.message;
      reject(new AutosweError(`sandbox: cannot run ${file}: ${why}`));
    });
    child.on('close', (code, signal) => {
      resolve(code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0));
    });
  });
}
