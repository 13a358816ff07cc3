import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { errorMessage } from '../base/errors.js';
import { isJsonObject } from '../core/runtime/decode.js';
import {
  cacheHookPolicy,
  configStamp,
  type HookPolicy,
  readConfigVersion,
  readHookPolicy,
} from '../core/runtime/hook-policy.js';
import { readLockManifest } from '../core/runtime/lock-manifest.js';
import type { Workspace } from '../core/runtime/workspace.js';
import type { GuardPolicy } from './hook-paths.js';

/** Protected whatever a policy file says: a forged policy cannot drop them. */
const ALWAYS_PROTECTED = ['autoswe.yaml', 'rules.yaml'];

/**
 * What the hook enforces in `workspace`, with or without a live run: the protected set of the config
 * (the run's, AUTOSWE_RUN_CONFIG, else the workspace's autoswe.yaml), from hook-policy.json when that was
 * made from these very bytes of the config (the same stat stamp, else the same sha256), else read from
 * the config (YAML parsed once per version of it) and cached back when the runtime dir can be written.
 * The root and runtime dir are always the workspace's own, and autoswe.yaml, rules.yaml and the config
 * always protected. Throws (the hook then denies) when the config cannot be read or its
 * `target`/`protected` are not what they must be.
 */
export async function hookPolicyFor(workspace: Workspace, env: NodeJS.ProcessEnv): Promise<GuardPolicy> {
  const config = env.AUTOSWE_RUN_CONFIG ? resolve(env.AUTOSWE_RUN_CONFIG) : workspace.paths.config;
  // Stamped before the bytes are read, so a change while they are read is seen by the next call.
  const stamp = configStamp(config);
  const cached = readHookPolicy(workspace);
  const usable =
    cached.kind === 'ok' && cached.value.config === config && cached.value.root === workspace.root
      ? cached.value
      : null;
  let policy: HookPolicy;
  if (usable !== null && stamp !== null && usable.config_stat === stamp) {
    policy = usable;
  } else {
    const version = readConfigVersion(config);
    if (usable !== null && usable.config_sha256 === version.sha256) {
      // The same bytes under another stamp (touched, or stamped too soon after a change): used as it is
      // and not rewritten, so the judge never sees the run's policy change (docs/RUNTIME.md section 20).
      policy = usable;
    } else {
      policy = { ...(await policyFromConfig(workspace, config, version)), config_stat: stamp };
      if (statSync(workspace.runtimeDir, { throwIfNoEntry: false })?.isDirectory()) {
        // Read-only inside a sandbox, or raced by another call: the next call derives it again.
        cacheHookPolicy(workspace, policy);
      }
    }
  }
  const configFromRoot = relative(workspace.root, config);
  const globs = new Set([...ALWAYS_PROTECTED, ...policy.protected_globs]);
  if (!configFromRoot.startsWith('..') && !isAbsolute(configFromRoot))
    globs.add(configFromRoot.split(sep).join('/'));
  return {
    root: workspace.root,
    runtime_dir: workspace.runtimeDir,
    target: policy.target,
    protected_globs: [...globs],
    protected_files: [...new Set([...policy.protected_files, config])],
  };
}

/** The policy as the config reads now: only `target` and `protected` matter to the hook. */
export async function policyFromConfig(
  workspace: Workspace,
  config: string,
  version: { text: string; sha256: string },
): Promise<HookPolicy> {
  const { parse } = await import('yaml');
  let raw: unknown;
  try {
    raw = parse(version.text);
  } catch (error) {
    throw new Error(
      `${config}: not valid YAML: ${(errorMessage(error).split('\n')[0] ?? '').replace(/:$/, '')}`,
    );
  }
  const keys = isJsonObject(raw) ? raw : {};
  const target = keys.target ?? '.';
  if (typeof target !== 'string' || target === '') {
    throw new Error(`${config}: target: expected a path, got ${JSON.stringify(target)}`);
  }
  const globs = keys.protected ?? [];
  if (!Array.isArray(globs) || !globs.every((glob): glob is string => typeof glob === 'string')) {
    throw new Error(
      `${config}: protected: expected a list of globs, got ${JSON.stringify(globs).slice(0, 80)}`,
    );
  }
  const lock = readLockManifest(workspace);
  const locked =
    lock.kind === 'ok' ? Object.keys(lock.value.files).map((file) => join(workspace.root, file)) : [];
  return {
    root: workspace.root,
    runtime_dir: workspace.runtimeDir,
    target: resolve(dirname(config), target),
    protected_globs: [...ALWAYS_PROTECTED, ...globs],
    protected_files: [...new Set([config, workspace.paths.rulesYaml, ...locked])].filter(
      (file) => !file.startsWith(`${workspace.runtimeDir}${sep}`),
    ),
    config,
    config_sha256: version.sha256,
    run: null,
    written_at: new Date().toISOString(),
  };
}
