import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LoopConfig } from '../config/types.js';
import type { Workspace } from '../runtime/workspace.js';

/** Extra environment and writable folders for the programs the loop builds and runs. */
export interface ToolCache {
  readonly env: Readonly<Record<string, string>>;
  readonly writable: readonly string[];
}

const NO_CACHE: ToolCache = { env: {}, writable: [] };

/** Go's caches, each a folder under `<runtime>/cache/`. */
const GO_CACHES = { GOCACHE: 'go-build', GOPATH: 'gopath', GOMODCACHE: 'gopath/pkg/mod' } as const;

/**
 * Inside bwrap `/` is read-only and /tmp private, so Go's build cache (~/.cache/go-build) and module cache
 * cannot be written: they point into `<runtime>/cache/` (made writable, kept across iterations and runs)
 * unless `env` (the build's, a check's, the new program's) already sets them. With `sandbox: none` the
 * programs use the caller's own caches, untouched.
 */
export function toolCache(
  workspace: Workspace,
  config: LoopConfig,
  env: Readonly<Record<string, string>> = {},
): ToolCache {
  if (config.sandbox !== 'bwrap') return NO_CACHE;
  const root = join(workspace.runtimeDir, 'cache');
  mkdirSync(root, { recursive: true });
  const extra: Record<string, string> = {};
  for (const [name, folder] of Object.entries(GO_CACHES)) {
    if (env[name] !== undefined) continue;
    extra[name] = join(root, folder);
    mkdirSync(extra[name], { recursive: true });
  }
  return { env: extra, writable: [root] };
}
