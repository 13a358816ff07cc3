import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { AutosweError, errorCode, errorMessage } from '../../base/errors.js';
import { INSTANCE_NAME_RULE, isInstanceName } from './instance-name.js';
import { CONFIG_FILE } from './workspace.js';

/**
 * The workspace registry (docs/RUNTIME.md section 18): `$XDG_CONFIG_HOME/autoswe/workspaces/<name>`, one
 * symlink per registered workspace, pointing at its root. The template units start in it
 * (`WorkingDirectory=…/workspaces/%i`), `fleet` lists it, `start --all` walks it.
 */
export type RegistryEntry =
  | { readonly kind: 'ok'; readonly name: string; readonly path: string; readonly root: string }
  | {
      readonly kind: 'broken';
      readonly name: string;
      readonly path: string;
      /** Where the link points, when it is a link. */
      readonly root: string | null;
      readonly problem: string;
    };

/** `$XDG_CONFIG_HOME` when set to an absolute path (the XDG spec ignores a relative one), else ~/.config. */
export function configHome(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && isAbsolute(xdg)) return resolve(xdg);
  return join(env.HOME || homedir(), '.config');
}

export function registryDir(env: NodeJS.ProcessEnv): string {
  return join(configHome(env), 'autoswe', 'workspaces');
}

/** Every entry, sorted by name; names starting with '.' (our temporary links) are skipped. */
export function readRegistry(env: NodeJS.ProcessEnv): RegistryEntry[] {
  const dir = registryDir(env);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw new AutosweError(`cannot read the workspace registry ${dir}: ${errorMessage(error)}`);
  }
  return names
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => decodeEntry(dir, name))
    .filter((entry): entry is RegistryEntry => entry !== undefined);
}

/** One entry by name; undefined when there is none. */
export function registryEntry(env: NodeJS.ProcessEnv, name: string): RegistryEntry | undefined {
  return decodeEntry(registryDir(env), name);
}

/** The decoder of one entry: a symlink with an absolute target that is a folder holding autoswe.yaml. */
function decodeEntry(dir: string, name: string): RegistryEntry | undefined {
  const path = join(dir, name);
  let kind: string;
  try {
    const stats = lstatSync(path);
    kind = stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'a folder' : 'a regular file';
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    return { kind: 'broken', name, path, root: null, problem: errorMessage(error) };
  }
  const broken = (root: string | null, problem: string): RegistryEntry => ({
    kind: 'broken',
    name,
    path,
    root,
    problem,
  });
  if (kind !== 'link') return broken(null, `expected a symlink to a workspace folder, got ${kind}`);
  const root = readlinkSync(path);
  if (!isInstanceName(name)) return broken(root, `not a workspace name (${INSTANCE_NAME_RULE})`);
  if (!isAbsolute(root))
    return broken(root, `expected a link to an absolute path, got ${JSON.stringify(root)}`);
  const target = statSync(root, { throwIfNoEntry: false });
  if (target === undefined) return broken(root, `points at ${root}, which no longer exists`);
  if (!target.isDirectory()) return broken(root, `points at ${root}, which is not a folder`);
  if (statSync(join(root, CONFIG_FILE), { throwIfNoEntry: false }) === undefined) {
    return broken(root, `points at ${root}, which holds no ${CONFIG_FILE}`);
  }
  return { kind: 'ok', name, path, root };
}

/** The real path of `path`, or `path` itself when it cannot be resolved. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Whether two roots are the same folder (compared by real path, so a symlinked route still matches). */
export function sameRoot(a: string, b: string): boolean {
  return a === b || realPath(a) === realPath(b);
}

/** The entries registered for this root (normally one; two after a hand-made link). */
export function entriesFor(env: NodeJS.ProcessEnv, root: string): RegistryEntry[] {
  const real = realPath(root);
  return readRegistry(env).filter((entry) => entry.root !== null && realPath(entry.root) === real);
}

/** The name this root is registered under, or null. */
export function registeredName(env: NodeJS.ProcessEnv, root: string): string | null {
  return entriesFor(env, root)[0]?.name ?? null;
}

/** Links `name` to `root` (its real path), replacing an existing link atomically (a rename). */
export function registerWorkspace(env: NodeJS.ProcessEnv, name: string, root: string): string {
  const dir = registryDir(env);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  const temp = join(dir, `.${name}.${process.pid}.tmp`);
  rmSync(temp, { force: true });
  symlinkSync(realPath(root), temp);
  renameSync(temp, path);
  return path;
}

/** Removes the entry; nothing when there is none. Only a symlink is removed, never a folder. */
export function unregisterWorkspace(env: NodeJS.ProcessEnv, name: string): void {
  const path = join(registryDir(env), name);
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return;
  if (!stats.isSymbolicLink()) {
    throw new AutosweError(`${path} is not a symlink; autoswe leaves it alone (remove it yourself)`);
  }
  rmSync(path);
}
