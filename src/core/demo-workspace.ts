import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gitCommitAll, gitInit } from '../adapters/git.js';
import { AutosweError, EXIT_USAGE } from './errors.js';
import { packageDir } from './package-dir.js';

/** Folders of examples/demo/ that are not copied as they are: the seed becomes target/, memory starts empty. */
const NOT_COPIED = new Set(['target-seed', 'memory', 'target', '.autoswe']);

/** The bundled demo workspace inside the installed package. */
export function demoSource(): string {
  return join(packageDir(), 'examples', 'demo');
}

/**
 * Makes a fresh demo workspace in `dir` (a new temp dir when absent): the example copied, its partly done
 * rewrite (target-seed/) turned into a git checkout target/ with one commit, docs/journey/ ready.
 * Refuses a `dir` that exists and is not empty, so it never mixes with or overwrites anything.
 */
export async function prepareDemoWorkspace(dir?: string): Promise<string> {
  const root = dir === undefined ? mkdtempSync(join(tmpdir(), 'autoswe-demo-')) : resolve(dir);
  if (dir !== undefined && existsSync(root) && readdirSync(root).length > 0) {
    throw new AutosweError(`demo: ${root} exists and is not empty; give an empty or new folder`, EXIT_USAGE);
  }
  const source = demoSource();
  if (!existsSync(join(source, 'autoswe.yaml'))) {
    throw new AutosweError(`demo: the bundled demo workspace is missing at ${source}; reinstall autoswe`);
  }
  mkdirSync(root, { recursive: true });
  cpSync(source, root, {
    recursive: true,
    filter: (path) => !NOT_COPIED.has(path.slice(source.length + 1).split('/')[0] ?? ''),
  });
  const agentMemory = join(root, 'agent', 'memory');
  if (existsSync(agentMemory)) throw new AutosweError(`demo: unexpected ${agentMemory} in the copy`);
  const target = join(root, 'target');
  cpSync(join(source, 'target-seed'), target, { recursive: true });
  await gitInit(target);
  await gitCommitAll(target, 'The rewrite so far: format ported, calc half done, units a stub');
  mkdirSync(join(root, 'docs', 'journey'), { recursive: true });
  return root;
}
