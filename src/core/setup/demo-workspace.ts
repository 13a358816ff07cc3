import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gitCommitAll, gitInit } from '../../adapters/git.js';
import { findOnPath } from '../../adapters/path-lookup.js';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { packageDir } from '../../base/package-dir.js';

/** One bundled example: a folder of examples/, what its seed commit says, and the programs it needs. */
interface Example {
  readonly seedMessage: string;
  /** Programs beyond node and git, each with the line that says how to get it. */
  readonly needs: readonly { readonly program: string; readonly missing: string }[];
  /** The iteration `explore it` points at: the one worth reading. */
  readonly exploreIter: number;
}

/** The examples `autoswe demo --example NAME` knows; `demo` is the default. */
export const EXAMPLES: Readonly<Record<string, Example>> = {
  demo: {
    seedMessage: 'The rewrite so far: format ported, calc half done, units a stub',
    needs: [],
    exploreIter: 4,
  },
  'go-port': {
    seedMessage: 'The Go rewrite so far: total ported, stats half done, report a stub',
    needs: [
      {
        program: 'go',
        missing:
          'demo: go is not installed (not found on PATH); the go-port example builds Go: install it (Debian/Ubuntu: apt-get install golang-go; elsewhere https://go.dev/dl/)',
      },
    ],
    exploreIter: 1,
  },
};

export const DEFAULT_EXAMPLE = 'demo';

/** Paths of an example not copied as they are: the seed becomes target/; leftovers of a run stay behind. */
const NOT_COPIED = ['target-seed', 'target', '.autoswe', 'docs', 'agent/memory'];

/** The bundled example's folder inside the installed package. */
export function demoSource(example = DEFAULT_EXAMPLE): string {
  return join(packageDir(), 'examples', example);
}

/** The example's facts; an unknown name is a usage error listing the known ones. */
export function exampleNamed(name: string): Example {
  const example = EXAMPLES[name];
  if (example === undefined) {
    throw new AutosweError(
      `demo: unknown example '${name}'; the examples are: ${Object.keys(EXAMPLES).join(', ')}`,
      EXIT_USAGE,
    );
  }
  return example;
}

/**
 * Makes a fresh demo workspace in `dir` (a new temp dir when absent) from the bundled `example`: the
 * example copied, its partly done rewrite (target-seed/) turned into a git checkout target/ with one
 * commit, docs/journey/ ready. Refuses a `dir` that exists and is not empty, so it never mixes with or
 * overwrites anything.
 */
export async function prepareDemoWorkspace(
  env: NodeJS.ProcessEnv,
  dir?: string,
  example = DEFAULT_EXAMPLE,
): Promise<string> {
  const facts = exampleNamed(example);
  // Checked before anything is made, so a missing program leaves no half-made workspace behind.
  if (findOnPath('git', env) === undefined) {
    throw new AutosweError(
      'demo: git is not installed (not found on PATH); the demo target is a git checkout',
    );
  }
  for (const need of facts.needs) {
    if (findOnPath(need.program, env) === undefined) throw new AutosweError(need.missing);
  }
  const root = dir === undefined ? mkdtempSync(join(tmpdir(), 'autoswe-demo-')) : resolve(dir);
  if (dir !== undefined && existsSync(root) && readdirSync(root).length > 0) {
    throw new AutosweError(`demo: ${root} exists and is not empty; give an empty or new folder`, EXIT_USAGE);
  }
  const source = demoSource(example);
  if (!existsSync(join(source, 'autoswe.yaml'))) {
    throw new AutosweError(`demo: the bundled example is missing at ${source}; reinstall autoswe`);
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
  // npm leaves every .gitignore out of a package: the seed's is shipped as `gitignore`.
  if (existsSync(join(target, 'gitignore')))
    renameSync(join(target, 'gitignore'), join(target, '.gitignore'));
  await gitInit(target, env);
  await gitCommitAll(target, facts.seedMessage, env);
  mkdirSync(join(root, 'docs', 'journey'), { recursive: true });
  return root;
}
