import { accessSync, constants } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { findOnPath } from '../../adapters/path-lookup.js';
import type { LoopConfig } from '../config/types.js';

/** One program a build or check runs, and where it was found (null: not found). */
export interface ToolLookup {
  /** `build` or `check <name>`. */
  readonly step: string;
  readonly program: string;
  readonly found: string | null;
}

/** Where to get the tools people usually build with, for the "not found" line. */
const INSTALL_HINTS: Readonly<Record<string, string>> = {
  go: 'Debian/Ubuntu: apt-get install golang-go; elsewhere https://go.dev/dl/',
  gofmt: 'Debian/Ubuntu: apt-get install golang-go; elsewhere https://go.dev/dl/',
  cargo: 'Debian/Ubuntu: apt-get install cargo; elsewhere https://rustup.rs',
  make: 'Debian/Ubuntu: apt-get install make',
};

/** Every program of `build:` and `checks:`, looked up the way they will be started (no spawning). */
export function lookUpTools(config: LoopConfig, env: NodeJS.ProcessEnv): ToolLookup[] {
  const lookups: ToolLookup[] = [];
  const seen = new Set<string>();
  const add = (step: string, program: string | undefined, cwd: string) => {
    if (program === undefined || seen.has(`${step}\0${program}`)) return;
    seen.add(`${step}\0${program}`);
    lookups.push({ step, program, found: locateProgram(program, cwd, env) ?? null });
  };
  for (const command of config.build?.commands ?? []) add('build', command[0], config.build?.cwd ?? '');
  for (const check of config.checks) add(`check ${check.name}`, check.command[0], check.cwd);
  return lookups;
}

/** `build: 'go' is not installed (not found on PATH; Debian/Ubuntu: apt-get install golang-go; …)`. */
export function describeMissingTool(tool: ToolLookup): string {
  const where = tool.program.includes('/') ? 'not an executable file' : 'not found on PATH';
  const hint = INSTALL_HINTS[tool.program];
  return `${tool.step}: '${tool.program}' is not installed (${where}${hint === undefined ? '' : `; ${hint}`})`;
}

/**
 * A program with a slash is a path relative to `cwd` (the step's folder, as spawn resolves it), else it is
 * looked up on PATH; undefined when it is not an executable file.
 */
export function locateProgram(program: string, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (!program.includes('/')) return findOnPath(program, env);
  const path = isAbsolute(program) ? program : resolve(cwd, program);
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}
