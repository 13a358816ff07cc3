import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { LoopConfig } from '../config/types.js';

/**
 * What the programs the loop runs may see (docs/SECURITY.md, "Verification"). Under `sandbox: bwrap`:
 * - the new program, the build and the checks: the workspace read-only, the target writable, and the
 *   runtime dir (the baseline, VERDICTS, RULES_QUEUE, the signing key) masked, the tool caches bound back;
 *   the new program also has the legacy program masked, so it cannot run it to learn an answer;
 * - the legacy program: the workspace read-only, the runtime dir and the target (the new program) masked.
 * Under `sandbox: none` the masks do nothing; only the environment below is scrubbed.
 */
export interface ProgramView {
  readonly readable: readonly string[];
  readonly masked: readonly string[];
}

export function isWithin(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The view of one case run of the legacy or the new program. */
export function caseRunView(
  config: LoopConfig,
  which: 'legacy' | 'new',
  runtimeDir: string,
  casePath: string,
): ProgramView {
  const program = config[which];
  const readable = [config.root, program.cwd];
  if (which === 'new') {
    return { readable, masked: [runtimeDir, ...legacyPaths(config, runtimeDir, casePath)] };
  }
  // The legacy program never sees the new one, unless it runs inside the target (then it must).
  const target =
    isWithin(config.target, program.cwd) || isWithin(config.target, config.root) ? [] : [config.target];
  return { readable, masked: [runtimeDir, ...target] };
}

/** The view of the build and the checks: the runtime dir masked (their code is the agent's). */
export function stepView(config: LoopConfig, runtimeDir: string, cwd: string): ProgramView {
  return { readable: [config.root, cwd], masked: [runtimeDir] };
}

/**
 * The legacy program's own files inside the workspace: every word of `legacy.command` that names an
 * existing path there (resolved against `legacy.cwd`), as its folder when that folder holds nothing else
 * the new program needs (the target, the runtime dir, the case, the new program's cwd), else as the file.
 * A program outside the workspace (`/usr/bin/python3`) is the system's and stays visible.
 */
export function legacyPaths(config: LoopConfig, runtimeDir: string, casePath: string): string[] {
  const found = new Set<string>();
  for (const word of config.legacy.command) {
    if (word.includes('{') || word === '' || word.startsWith('-')) continue;
    const path = resolve(config.legacy.cwd, word);
    if (path === config.root || !isWithin(config.root, path) || !existsSync(path)) continue;
    if (needed(config, runtimeDir, casePath, path)) continue;
    const folder = dirname(path);
    found.add(folder !== config.root && !needed(config, runtimeDir, casePath, folder) ? folder : path);
  }
  if (config.legacy.cwd !== config.root && !needed(config, runtimeDir, casePath, config.legacy.cwd)) {
    found.add(config.legacy.cwd);
  }
  return [...found];
}

/** Whether masking `path` would hide something the new program must reach. */
function needed(config: LoopConfig, runtimeDir: string, casePath: string, path: string): boolean {
  return [config.target, runtimeDir, casePath, config.new.cwd, config.root].some((other) =>
    isWithin(path, other),
  );
}

/** Variables never passed to the new program, the build or the checks: they point at the answers. */
const ANSWER_HINTS = ['AUTOSWE_RUNTIME_DIR', 'AUTOSWE_REPO_ROOT', 'AUTOSWE_MODULE', 'AUTOSWE_CELL'];

/** The environment without the variables that lead to the runtime dir or name a baseline file. */
export function withoutAnswerHints(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...env };
  for (const name of ANSWER_HINTS) delete clean[name];
  return clean;
}
