import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode, errorMessage } from '../../base/errors.js';
import { array, decode, type Infer, nullable, object, optional, string } from './decode.js';
import { checkedForWrite, writeJsonAtomic } from './store.js';
import type { Workspace } from './workspace.js';

/**
 * What `hook pre-tool-use` enforces: a cache of the config's protected set, so the hook (which runs
 * before every agent tool call) never parses YAML or walks globs itself. Written by the loop at run start
 * and by the hook when the config it was made from has changed (docs/RUNTIME.md section 12).
 */
export const hookPolicyFile = object({
  root: string,
  runtime_dir: string,
  target: string,
  /** Globs relative to the root: the config's `protected`, plus rules.yaml and autoswe.yaml. */
  protected_globs: array(string),
  /** Absolute paths of the protected files known when it was written (LOCK.json's, or the run's). */
  protected_files: array(string),
  /** The config file it was made from (absolute) and the sha256 of its bytes then: the cache's version. */
  config: string,
  config_sha256: string,
  /**
   * The config's stat(2) stamp when its sha256 was taken (configStamp), or null: while the stamp is
   * unchanged the hook trusts config_sha256 without reading and hashing the config. Optional: older
   * policies have none.
   */
  config_stat: optional(nullable(string)),
  run: nullable(string),
  written_at: string,
});

export type HookPolicy = Infer<typeof hookPolicyFile>;

export const HOOK_POLICY_FILE = 'hook-policy.json';

export function hookPolicyPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, HOOK_POLICY_FILE);
}

export async function writeHookPolicy(workspace: Workspace, policy: HookPolicy): Promise<void> {
  const path = hookPolicyPath(workspace);
  return writeJsonAtomic(path, checkedForWrite(path, hookPolicyFile, policy));
}

/**
 * The hook's own write of the policy it rebuilt from the config: temp file and rename, no fsync (a lost
 * cache costs the next call one parse), best effort (read-only inside a sandbox). Kept off store.ts so
 * the hook's single-file build carries no write library.
 */
export function cacheHookPolicy(workspace: Workspace, policy: HookPolicy): void {
  const path = hookPolicyPath(workspace);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(checkedForWrite(path, hookPolicyFile, policy), null, 2)}\n`);
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}

/** The config's bytes and their sha256 (the version a policy is cached for); throws when unreadable. */
export function readConfigVersion(file: string): { text: string; sha256: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`cannot read config ${file}: ${errorMessage(error)}`);
  }
  // node:crypto is loaded here, not at start-up: the hook's usual path (configStamp) never hashes.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return { text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * A change of the config this recent may share its timestamps with the next one (file systems keep
 * them in clock ticks, some in whole seconds), so a stamp taken now could miss that next change.
 */
const RACY_NS = 2_000_000_000n;

/**
 * The config file's stat(2) stamp: device, inode, size, modification and change times in nanoseconds.
 * Every write changes the change time, which no program can set back, and a replaced file has another
 * inode. Take it before reading the bytes it stands for. Null when the file is missing or changed in the
 * last two seconds (the racy case git's index knows too): the caller then hashes the bytes every time.
 */
export function configStamp(file: string, nowMs = Date.now()): string | null {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  if (stat === undefined || BigInt(nowMs) * 1_000_000n - stat.ctimeNs < RACY_NS) return null;
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

export type HookPolicyRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | { readonly kind: 'ok'; readonly value: HookPolicy };

/**
 * Reads the cached policy: missing, corrupt (a rebuild replaces it) or ok. Throws only when the runtime
 * dir cannot be read at all (a file where the folder should be, no permission), so the hook denies.
 */
export function readHookPolicy(workspace: Workspace): HookPolicyRead {
  const path = hookPolicyPath(workspace);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
    throw new Error(`cannot read ${path}: ${errorMessage(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: 'corrupt', message: `${path} is not valid JSON: ${errorMessage(error)}` };
  }
  const policy = decode(hookPolicyFile, parsed);
  return policy.ok
    ? { kind: 'ok', value: policy.value }
    : { kind: 'corrupt', message: `${path}: ${policy.message}` };
}
