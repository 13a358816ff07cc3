import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from './store.js';
import type { Workspace } from './workspace.js';

/**
 * What `hook pre-tool-use` enforces, written into the runtime dir by the loop at run start so the hook
 * (which runs before every agent tool call) never parses YAML or walks globs itself.
 */
export interface HookPolicy {
  readonly root: string;
  readonly runtime_dir: string;
  readonly target: string;
  /** Globs relative to the root: the config's `protected`, plus rules.yaml and autoswe.yaml. */
  readonly protected_globs: readonly string[];
  /** Absolute paths of the protected files that existed when the run started. */
  readonly protected_files: readonly string[];
  readonly run: string | null;
  readonly written_at: string;
}

export const HOOK_POLICY_FILE = 'hook-policy.json';

export function hookPolicyPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, HOOK_POLICY_FILE);
}

export function writeHookPolicy(workspace: Workspace, policy: HookPolicy): Promise<void> {
  return writeJsonAtomic(hookPolicyPath(workspace), policy);
}

/** Reads the policy; throws (so the hook denies) when it is missing or malformed. */
export function readHookPolicy(workspace: Workspace): HookPolicy {
  const path = hookPolicyPath(workspace);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `no hook policy at ${path} (written by 'autoswe run' at start)`
        : `cannot read ${path}: ${(error as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const value = (parsed ?? {}) as Partial<HookPolicy>;
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  if (
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    typeof value.root !== 'string' ||
    typeof value.runtime_dir !== 'string' ||
    typeof value.target !== 'string' ||
    !strings(value.protected_globs) ||
    !strings(value.protected_files)
  ) {
    throw new Error(`${path} is malformed`);
  }
  return value as HookPolicy;
}
