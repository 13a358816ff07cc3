import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gitCommitAll, gitInit } from '../../adapters/git.js';
import { findOnPath } from '../../adapters/path-lookup.js';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { packageDir } from '../../base/package-dir.js';

/** Paths of examples/demo/ not copied as they are: the seed becomes target/; leftovers of a run stay behind. */
const NOT_COPIED = ['target-seed', 'target', '.autoswe', 'docs', 'agent/memory'];

/** The bundled demo workspace inside the installed package. */
export function demoSource(): string {
  return join(packageDir(), 'examples', 'demo');
}

/**
 * Makes a fresh demo workspace in `dir` (a new temp dir when absent): the example copied, its partly done
 * rewrite (target-seed/) turned into a git checkout target/ with one commit, docs/journey/ ready.
 * Refuses a `dir` that exists and is not empty, so it never mixes with or overwrites anything.
 */
export async function prepareDemoWorkspace(env: NodeJS.ProcessEnv, dir?: string): Promise<string> {
  // Checked before anything is made, so a missing git leaves no half-made workspace behind.
  if (findOnPath('git', env) === undefined) {
    throw new AutosweError(
      'demo: git is not installed (not found on PATH); the demo target is a git checkout',
    );
  }
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
    filter: (path) => {
      const rel = relative(source, path);
      return !NOT_COPIED.some((skip) => rel === skip || rel.startsWith(`${skip}/`));
    },
  });
  const target = join(root, 'target');
  cpSync(join(source, 'target-seed'), target, { recursive: true });
  await gitInit(target, env);
  await gitCommitAll(target, 'The rewrite so far: format ported, calc half done, units a stub', env);
  mkdirSync(join(root, 'docs', 'journey'), { recursive: true });
  return root;
}
