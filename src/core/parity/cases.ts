import { basename, extname, join, relative } from 'node:path';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import type { LoopConfig } from '../config/types.js';
import type { Workspace } from '../runtime/workspace.js';
import { holdoutPaths } from './holdout.js';

/** One case file of a module: one parity cell. */
export interface CaseFile {
  readonly module: string;
  /** The cell id: the case file's name without its extension. */
  readonly cell: string;
  /** Absolute path. */
  readonly path: string;
  /** A hold-out cell (core/parity/holdout.ts): verified and counted, never shown to the agent. */
  readonly holdout: boolean;
}

/** The module names to work on: all of the config's, or the one asked for (unknown → usage error). */
export function selectModules(config: LoopConfig, module?: string): string[] {
  const names = Object.keys(config.modules).sort();
  if (module === undefined) return names;
  if (!names.includes(module)) {
    throw new AutosweError(`unknown module '${module}' (the config names: ${names.join(', ')})`, EXIT_USAGE);
  }
  return [module];
}

/** The case files of each selected module, by cell id; two cases with one id in a module are an error. */
export async function listCases(config: LoopConfig, module?: string): Promise<CaseFile[]> {
  const { glob } = await import('tinyglobby');
  const cases: CaseFile[] = [];
  for (const name of selectModules(config, module)) {
    const globs = config.modules[name]?.cases ?? [];
    const files = await glob(globs, { cwd: config.root, absolute: true, onlyFiles: true, dot: false });
    const seen = new Map<string, string>();
    const found: { cell: string; path: string }[] = [];
    for (const path of files.sort()) {
      const cell = cellId(path);
      const other = seen.get(cell);
      if (other !== undefined) {
        throw new AutosweError(
          `module ${name}: two case files share the cell id '${cell}': ${relative(config.root, other)} and ${relative(config.root, path)}`,
          EXIT_USAGE,
        );
      }
      seen.set(cell, path);
      found.push({ cell, path });
    }
    const holdout = holdoutPaths(config.root, name, found, config.modules[name]?.holdout ?? null);
    for (const { cell, path } of found) cases.push({ module: name, cell, path, holdout: holdout.has(path) });
  }
  return cases;
}

export function cellId(path: string): string {
  const name = basename(path);
  return name.slice(0, name.length - extname(name).length) || name;
}

/** Where a case's recorded legacy output lives: `baseline/<module>/<cell>.out` in the runtime dir. */
export function baselinePath(workspace: Workspace, module: string, cell: string): string {
  return join(workspace.paths.baseline, module, `${cell}.out`);
}
