import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { AutosweError } from '../../base/errors.js';
import type { LoopConfig } from '../config/types.js';
import { type LockManifest, readLockManifest, writeLockManifest } from '../runtime/lock-manifest.js';
import { TEMP_SUFFIX } from '../runtime/store.js';
import type { Workspace } from '../runtime/workspace.js';

export interface LockCheck {
  readonly ok: boolean;
  /** Paths whose content differs from LOCK.json. */
  readonly changed: readonly string[];
  /** Protected now, not in LOCK.json. */
  readonly added: readonly string[];
  /** In LOCK.json, gone now. */
  readonly missing: readonly string[];
  /** Why there was nothing to compare with (LOCK.json missing or corrupt), else null. */
  readonly problem: string | null;
  readonly lockedAt: string | null;
}

/** The protected files now: the baseline, rules.yaml, autoswe.yaml and the config's `protected` globs. */
export async function protectedFiles(workspace: Workspace, config: LoopConfig): Promise<string[]> {
  const { glob } = await import('tinyglobby');
  const root = workspace.root;
  const runtime = relative(root, workspace.runtimeDir);
  const baseline = relative(root, workspace.paths.baseline);
  const files = new Set<string>();
  for (const path of [workspace.paths.rulesYaml, config.file]) {
    if (existsSync(path)) files.add(relative(root, path));
  }
  // A writer killed mid-write leaves `.<name>.<pid>-<n>.autoswe-tmp` (store.ts): never a protected file.
  const temps = `**/*${TEMP_SUFFIX}`;
  for (const path of await glob('**/*', {
    cwd: workspace.paths.baseline,
    onlyFiles: true,
    dot: true,
    ignore: [temps],
  })) {
    files.add(toPosix(`${baseline}/${path}`));
  }
  if (config.protected.length > 0) {
    // The runtime dir changes every second and .git on every commit: a glob like '**' must not sweep them in.
    const ignore = ['.git/**', '**/.git/**', temps];
    if (!runtime.startsWith('..') && !isAbsolute(runtime)) ignore.push(`${toPosix(runtime)}/**`);
    for (const path of await glob(config.protected, { cwd: root, onlyFiles: true, dot: true, ignore })) {
      files.add(toPosix(path));
    }
  }
  return [...files].sort();
}

/** sha256 of each protected file. */
export async function computeManifest(
  workspace: Workspace,
  config: LoopConfig,
): Promise<Record<string, string>> {
  const manifest: Record<string, string> = {};
  for (const path of await protectedFiles(workspace, config)) {
    manifest[path] = sha256File(`${workspace.root}/${path}`);
  }
  return manifest;
}

/** Recomputes the manifest and compares it with LOCK.json; never writes. */
export async function lockCheck(workspace: Workspace, config: LoopConfig): Promise<LockCheck> {
  const read = readLockManifest(workspace);
  const none = { changed: [], added: [], missing: [] };
  if (read.kind === 'missing') {
    return {
      ok: false,
      ...none,
      problem: `no ${workspace.paths.lockManifest}; run 'autoswe baseline-capture' or 'autoswe lock-check --update'`,
      lockedAt: null,
    };
  }
  if (read.kind === 'corrupt') {
    return {
      ok: false,
      ...none,
      problem: `${workspace.paths.lockManifest} is corrupt: ${read.message}`,
      lockedAt: null,
    };
  }
  const locked = read.value.files;
  const current = await computeManifest(workspace, config);
  const changed: string[] = [];
  const added: string[] = [];
  for (const [path, hash] of Object.entries(current)) {
    if (!(path in locked)) added.push(path);
    else if (locked[path] !== hash) changed.push(path);
  }
  const missing = Object.keys(locked).filter((path) => !(path in current));
  const ok = changed.length + added.length + missing.length === 0;
  return {
    ok,
    changed: changed.sort(),
    added: added.sort(),
    missing: missing.sort(),
    problem: null,
    lockedAt: read.value.at,
  };
}

/** Rewrites LOCK.json from the files as they are now (atomically). */
export async function updateLock(workspace: Workspace, config: LoopConfig): Promise<LockManifest> {
  const manifest: LockManifest = {
    at: new Date().toISOString(),
    files: await computeManifest(workspace, config),
  };
  await writeLockManifest(workspace, manifest);
  return manifest;
}

/** One line naming every violation, for errors, the judge's reason and the agent's prompt. */
export function describeLockCheck(check: LockCheck): string {
  if (check.problem !== null) return check.problem;
  if (check.ok) return 'protected files unchanged';
  const parts = [
    check.changed.length > 0 ? `changed: ${check.changed.join(', ')}` : '',
    check.added.length > 0 ? `added: ${check.added.join(', ')}` : '',
    check.missing.length > 0 ? `missing: ${check.missing.join(', ')}` : '',
  ];
  return `protected files differ from LOCK.json (${parts.filter(Boolean).join('; ')})`;
}

function sha256File(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch (error) {
    throw new AutosweError(`cannot read protected file ${path}: ${(error as Error).message}`);
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
