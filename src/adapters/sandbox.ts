import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { AutosweError } from '../base/errors.js';
import { findOnPath } from './path-lookup.js';
import { DEFAULT_MAX_BYTES, type ProcessResult, runInherited as runOnTerminal, runProgram } from './spawn.js';

/** The one adapter over the sandbox program (bubblewrap): how agent tools and checks are run. */

/** `sandbox:` in autoswe.yaml: bubblewrap, or the command as it is. */
export type SandboxKind = 'none' | 'bwrap';

export interface SandboxSpec {
  readonly command: readonly string[];
  readonly cwd: string;
  /** Visible read-only inside bwrap (the workspace: cases, programs). */
  readonly readable: readonly string[];
  /** Writable inside bwrap (the target checkout, tool caches, the agent's HOME). */
  readonly writable: readonly string[];
  /**
   * Hidden inside bwrap: an empty read-only folder over each folder, an empty file over each file (the
   * runtime dir, the baseline, the legacy program). Paths that do not exist are left out.
   */
  readonly masked?: readonly string[];
  /**
   * Folders shown with only some of their entries: an empty folder over `dir`, then each entry not in
   * `hide` bound back read-only (the cases folder without its hold-out cases, names included).
   */
  readonly filtered?: readonly { readonly dir: string; readonly hide: readonly string[] }[];
  /** `shared`: the host's network (the agent reaches its model); default a private one (loopback only). */
  readonly network?: 'private' | 'shared';
  /** The command's whole environment (PATH in it also finds bwrap); nothing of process.env is added. */
  readonly env: NodeJS.ProcessEnv;
}

export interface SandboxInvocation {
  readonly file: string;
  readonly args: string[];
}

type MountKind = 'ro' | 'rw' | 'mask' | 'filter';
interface Mount {
  readonly kind: MountKind;
  readonly path: string;
  readonly hide?: readonly string[];
}

/** At one path a later mount wins: readable, then writable, then masked. */
const ORDER: Record<MountKind, number> = { ro: 0, rw: 1, filter: 2, mask: 2 };

/**
 * The mount arguments after `--ro-bind / /`: every mount sorted so that a folder is mounted before anything
 * inside it (a writable target inside a readable workspace, a masked runtime dir inside the target, its
 * writable cache inside that), then every masking folder made read-only again once nothing more is
 * mounted into it.
 */
export function mountArguments(spec: SandboxSpec): string[] {
  const mounts: Mount[] = [
    ...spec.readable.map((path): Mount => ({ kind: 'ro', path: resolve(path) })),
    ...spec.writable.map((path): Mount => ({ kind: 'rw', path: resolve(path) })),
    ...(spec.masked ?? []).map((path): Mount => ({ kind: 'mask', path: resolve(path) })),
    ...(spec.filtered ?? []).map(
      (entry): Mount => ({ kind: 'filter', path: resolve(entry.dir), hide: entry.hide }),
    ),
  ].filter((mount) => mount.kind === 'ro' || mount.kind === 'rw' || existsSync(mount.path));
  const depth = (path: string) => path.split(sep).filter(Boolean).length;
  mounts.sort((a, b) => depth(a.path) - depth(b.path) || ORDER[a.kind] - ORDER[b.kind]);
  const args: string[] = [];
  const remount: string[] = [];
  for (const mount of mounts) {
    if (mount.kind === 'ro') args.push('--ro-bind', mount.path, mount.path);
    else if (mount.kind === 'rw') args.push('--bind', mount.path, mount.path);
    else if (mount.kind === 'mask') {
      // bwrap follows a symlink at the destination: mask what it points to (nothing, when it dangles).
      const path = realOrNull(mount.path);
      if (path === null) continue;
      if (isDirectory(path)) {
        args.push('--tmpfs', path);
        remount.push(path);
      } else args.push('--ro-bind', '/dev/null', path);
    } else if (isDirectory(mount.path)) {
      args.push('--tmpfs', mount.path);
      const hidden = new Set((mount.hide ?? []).map((path) => resolve(path)));
      for (const name of readdirSync(mount.path).sort()) {
        const entry = join(mount.path, name);
        if (hidden.has(entry)) continue;
        // A symlink is shown as the same symlink, not as a mount on whatever it points to.
        if (lstatSync(entry).isSymbolicLink()) args.push('--symlink', readlinkSync(entry), entry);
        else args.push('--ro-bind', entry, entry);
      }
      remount.push(mount.path);
    }
  }
  for (const path of remount) args.push('--remount-ro', path);
  return args;
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The program and arguments that run `spec.command` in the sandbox. `bwrap`: the whole system read-only,
 * private /tmp, the mounts of `mountArguments`, no network unless shared, own pid namespace (so
 * `/proc/<pid>/root` and `/proc/<pid>/cwd` of the loop are out of reach), dies with its parent. Throws
 * when bwrap is configured but missing.
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
  args.push(...mountArguments(spec));
  if (spec.network !== 'shared') args.push('--unshare-net');
  args.push('--unshare-pid', '--die-with-parent', '--chdir', spec.cwd, '--', program, ...rest);
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
