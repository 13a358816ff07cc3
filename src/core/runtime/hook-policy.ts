import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode, errorMessage } from '../../base/errors.js';
import { array, decode, type Infer, nullable, object, string } from './decode.js';
import { checkedForWrite, writeJsonAtomic } from './store.js';
import type { Workspace } from './workspace.js';

/**
 * What `hook pre-tool-use` enforces, written into the runtime dir by the loop at run start so the hook
 * (which runs before every agent tool call) never parses YAML or walks globs itself.
 */
export const hookPolicyFile = object({
  root: string,
  runtime_dir: string,
  target: string,
  /** Globs relative to the root: the config's `protected`, plus rules.yaml and autoswe.yaml. */
  protected_globs: array(string),
  /** Absolute paths of the protected files that existed when the run started. */
  protected_files: array(string),
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

/** Reads the policy; throws (so the hook denies) when it is missing, unparsable, or a key is wrong. */
export function readHookPolicy(workspace: Workspace): HookPolicy {
  const path = hookPolicyPath(workspace);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    throw new Error(
      code === 'ENOENT'
        ? `no hook policy at ${path} (written by 'autoswe run' at start)`
        : `cannot read ${path}: ${errorMessage(error)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${errorMessage(error)}`);
  }
  const policy = decode(hookPolicyFile, parsed);
  if (!policy.ok) throw new Error(`${path}: ${policy.message}`);
  return policy.value;
}
