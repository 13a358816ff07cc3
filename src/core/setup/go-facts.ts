import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { GoTemplateFacts } from '../config/template.js';

/** Folders never searched for the module's own tests. */
const SKIPPED = new Set(['.git', 'vendor', 'node_modules', 'testdata', '.autoswe', 'bin']);
/** How deep init looks for *_test.go (a big tree is not walked whole to write a config). */
const MAX_DEPTH = 6;

/** The Go module `autoswe init` should start from: `<dir>/go.mod`, else `<dir>/target/go.mod`; null when neither. */
export function findGoModule(dir: string): { readonly target: string; readonly moduleDir: string } | null {
  if (existsSync(join(dir, 'go.mod'))) return { target: '.', moduleDir: dir };
  if (existsSync(join(dir, 'target', 'go.mod')))
    return { target: './target', moduleDir: join(dir, 'target') };
  return null;
}

/**
 * What the Go template needs, read from the module: the binary's name (the main package under cmd/, else
 * the module path's last element), its package, and whether the module has tests of its own (the legacy
 * tests, protected). Without a module (`--lang go` in an empty folder): `./target`, binary `app`.
 */
export function goTemplateFacts(dir: string): GoTemplateFacts {
  const found = findGoModule(dir);
  if (found === null) return { target: './target', binary: 'app', mainPackage: './cmd/app', testsGlob: null };
  const { target, moduleDir } = found;
  const name = moduleName(moduleDir) ?? basename(moduleDir);
  const commands = subfolders(join(moduleDir, 'cmd'));
  const main = commands.includes(name) ? name : commands[0];
  const prefix = target === '.' ? '' : 'target/';
  return {
    target,
    binary: main ?? name,
    mainPackage: main === undefined ? '.' : `./cmd/${main}`,
    testsGlob: hasTests(moduleDir, 0) ? `${prefix}**/*_test.go` : null,
  };
}

/** The last element of go.mod's module path (`example.com/ledger/v2` → `ledger`). */
function moduleName(moduleDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(moduleDir, 'go.mod'), 'utf8');
  } catch {
    return null;
  }
  const path = /^module\s+"?([^\s"]+)"?/m.exec(text)?.[1];
  if (path === undefined) return null;
  const parts = path.split('/').filter((part) => !/^v\d+$/.test(part));
  const last = parts.at(-1);
  return last !== undefined && /^[A-Za-z0-9._-]+$/.test(last) ? last : null;
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && /^[A-Za-z0-9._-]+$/.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

function hasTests(dir: string, depth: number): boolean {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  if (entries.some((entry) => entry.isFile() && entry.name.endsWith('_test.go'))) return true;
  if (depth >= MAX_DEPTH) return false;
  return entries.some(
    (entry) => entry.isDirectory() && !SKIPPED.has(entry.name) && hasTests(join(dir, entry.name), depth + 1),
  );
}
