import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch/posix.js';

/** What the hook protects, as the policy (docs/RUNTIME.md section 12) gives it. */
export interface GuardPolicy {
  readonly root: string;
  readonly runtime_dir: string;
  readonly target: string;
  readonly protected_globs: readonly string[];
  readonly protected_files: readonly string[];
}

/** A protected path a write would reach, shown relative to the root where it can be, and how. */
export interface Hit {
  readonly path: string;
  /** '' when the path itself is protected; else e.g. ' (a hard link to it)'. */
  readonly via: string;
  /** The path could not be followed (/proc, /dev/fd, a symlink loop): no write there at all, protected or not. */
  readonly unfollowable?: true;
}

/** Symlinks followed before giving up (the kernel's own limit is 40). */
const MAX_LINKS = 40;
/** Directory entries looked at when searching for the other name of a hard-linked file. */
const MAX_WALK = 20_000;
/** Standard streams: writing there is the agent's own output, whatever /proc says they are. */
const STD_STREAMS = /^\/(dev\/(stdin|stdout|stderr|fd\/[012])|proc\/self\/fd\/[012])$/;

/**
 * Where a path lands the way the kernel walks it: each existing component with its symlinks resolved
 * before the next `..` is applied (so `link/..` is the link target's parent, not the link's), the rest
 * (not there yet, as a write would create it) taken as text. `proc` when the walk enters /proc, whose
 * magic links (`/proc/self/cwd`, `/proc/<pid>/root`, `/dev/fd/N`) name another process's view.
 */
export function kernelPath(path: string): { kind: 'path' | 'proc' | 'loop'; path: string } {
  const todo = path.split('/').reverse();
  let current = '/';
  let links = 0;
  while (todo.length > 0) {
    const part = todo.pop() ?? '';
    if (part === '' || part === '.') continue;
    if (part === '..') {
      current = dirname(current);
      continue;
    }
    const next = current === '/' ? `/${part}` : `${current}/${part}`;
    if (next === '/proc') return { kind: 'proc', path: resolve(next, ...todo.reverse()) };
    let link: string | null = null;
    try {
      if (lstatSync(next).isSymbolicLink()) link = readlinkSync(next);
    } catch {
      // Not there (or not a folder on the way): the rest is what a write would create, taken as text.
      return { kind: 'path', path: resolve(next, ...todo.reverse()) };
    }
    if (link === null) {
      current = next;
      continue;
    }
    if (++links > MAX_LINKS) return { kind: 'loop', path: next };
    if (link.startsWith('/')) current = '/';
    todo.push(...link.split('/').reverse());
  }
  return { kind: 'path', path: current };
}

/** The protected set of one policy: the runtime dir, the protected globs, and the files they matched. */
export class ProtectedPaths {
  readonly #policy: GuardPolicy;
  readonly #matches: (path: string) => boolean;
  /** The root and runtime dir as given and with their symlinks resolved. */
  readonly #roots: string[];
  readonly #runtimeDirs: string[];
  readonly #baselines: string[];

  constructor(policy: GuardPolicy) {
    this.#policy = policy;
    this.#matches = picomatch([...policy.protected_globs], { dot: true });
    this.#roots = withReal(policy.root);
    this.#runtimeDirs = withReal(policy.runtime_dir);
    this.#baselines = this.#runtimeDirs.map((dir) => join(dir, 'baseline'));
  }

  get policy(): GuardPolicy {
    return this.#policy;
  }

  /** The protected path (normalised, absolute) `path` is or is inside, or null. */
  match(path: string): string | null {
    for (const dir of this.#runtimeDirs) if (within(dir, path)) return this.#shown(path);
    for (const root of this.#roots) {
      const fromRoot = relative(root, path);
      if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) continue;
      const posix = fromRoot.split(sep).join('/');
      if (this.#matches(posix)) return posix;
      if (this.#policy.protected_files.includes(join(this.#policy.root, fromRoot))) return posix;
    }
    if (this.#policy.protected_files.includes(path)) return this.#shown(path);
    return null;
  }

  /** A protected path at or below the folder `dir` (a recursive delete, a checkout of `.`), or null. */
  inside(dir: string): string | null {
    const own = this.match(dir);
    if (own !== null) return own;
    for (const runtime of this.#runtimeDirs) if (within(dir, runtime)) return this.#shown(runtime);
    for (const file of this.#policy.protected_files) if (within(dir, file)) return this.#shown(file);
    for (const glob of this.#policy.protected_globs) {
      for (const root of this.#roots) {
        if (within(dir, join(root, literalPrefix(glob)))) return glob;
      }
    }
    return null;
  }

  /** Whether `path` is in the recorded answers (the baseline), which the agent has no business reading. */
  inBaseline(path: string): boolean {
    return this.#baselines.some((dir) => within(dir, path));
  }

  /**
   * The protected path a write to `file` (as the tool or shell names it, from `cwd`) would reach: as text,
   * as the kernel walks it (symlinks, dangling ones included), or through a hard link to a protected file;
   * a walk into /proc or /dev/fd, or a symlink loop, is refused outright. With `recursive`, a folder that
   * holds a protected path counts too.
   */
  writeHit(file: string, cwd: string, recursive = false): Hit | null {
    const raw = isAbsolute(file) ? file : `${cwd}/${file}`;
    const lexical = resolve(raw);
    if (STD_STREAMS.test(lexical)) return null;
    const walked = kernelPath(raw);
    if (
      walked.kind !== 'path' ||
      lexical === '/proc' ||
      lexical.startsWith('/proc/') ||
      lexical.startsWith('/dev/fd/')
    ) {
      return {
        path: lexical,
        via:
          walked.kind === 'loop'
            ? ' (a symlink loop)'
            : ' (through /proc or /dev/fd, which the hook cannot follow)',
        unfollowable: true,
      };
    }
    for (const candidate of lexical === walked.path ? [lexical] : [lexical, walked.path]) {
      const hit = this.match(candidate) ?? (recursive ? this.inside(candidate) : null);
      if (hit !== null) return { path: hit, via: candidate === lexical ? '' : ' (through a symlink)' };
    }
    const linked = this.#hardLinked(walked.path);
    return linked === null ? null : { path: linked, via: ' (a hard link to it)' };
  }

  /** The protected file that `path` is another name of (same inode), when it has more than one name. */
  #hardLinked(path: string): string | null {
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(path);
    } catch {
      return null;
    }
    if (!stats.isFile() || stats.nlink < 2) return null;
    const same = (candidate: string) => {
      try {
        const other = statSync(candidate);
        return other.ino === stats.ino && other.dev === stats.dev;
      } catch {
        return false;
      }
    };
    for (const file of this.#policy.protected_files) if (same(file)) return this.#shown(file);
    // Protected files made since the policy was written: walk the folders the globs name, and the runtime dir.
    let budget = MAX_WALK;
    const dirs = new Set([this.#policy.runtime_dir]);
    for (const glob of this.#policy.protected_globs) dirs.add(join(this.#policy.root, literalPrefix(glob)));
    for (const dir of dirs) {
      const found = walkFiles(
        dir,
        () => --budget > 0,
        (candidate) => {
          const shown = this.match(candidate);
          return shown !== null && same(candidate) ? shown : null;
        },
      );
      if (found !== null) return found;
    }
    return null;
  }

  #shown(path: string): string {
    const fromRoot = relative(this.#policy.root, path);
    return fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)
      ? path
      : fromRoot.split(sep).join('/');
  }
}

/** Depth-first over the files below `dir` (not into .git), until `found` answers or the budget ends. */
function walkFiles(dir: string, more: () => boolean, found: (file: string) => string | null): string | null {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // A file, not a folder: the glob names one file.
    return found(dir);
  }
  for (const entry of entries) {
    if (!more()) return null;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '.git') continue;
      const hit = walkFiles(path, more, found);
      if (hit !== null) return hit;
    } else if (entry.isFile()) {
      const hit = found(path);
      if (hit !== null) return hit;
    }
  }
  return null;
}

/** `path` and, when different, the path with its symlinks resolved as far as it exists. */
function withReal(path: string): string[] {
  const real = kernelPath(path).path;
  try {
    return [...new Set([path, real, realpathSync(path)])];
  } catch {
    return [...new Set([path, real])];
  }
}

export function within(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The leading part of a glob before any magic character, cut back to whole path segments. */
export function literalPrefix(glob: string): string {
  const magic = glob.search(/[*?[\]{}()!+@]/);
  if (magic < 0) return glob;
  const head = glob.slice(0, magic);
  const slash = head.lastIndexOf('/');
  return slash < 0 ? '' : head.slice(0, slash);
}
