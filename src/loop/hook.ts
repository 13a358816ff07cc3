import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { HookPolicy } from '../core/runtime/hook-policy.js';

/** A PreToolUse event as Claude Code sends it on stdin (docs/RUNTIME.md section 9); only what the hook reads. */
export interface PreToolUseEvent {
  readonly tool_name: string;
  readonly tool_input: Record<string, unknown>;
  readonly cwd: string | null;
}

export type HookDecision =
  | { readonly decision: 'allow' }
  | {
      readonly decision: 'deny';
      readonly reason: string;
      /** Stop the agent's turn altogether (`"continue": false`), not only this call: a hard pause. */
      readonly stopAgent?: true;
    };

/** Tools that write a file, and the input naming it. */
const WRITE_TOOLS: Record<string, string> = {
  Write: 'file_path',
  Edit: 'file_path',
  MultiEdit: 'file_path',
  NotebookEdit: 'notebook_path',
};

/** Parses the event; throws on anything that is not a PreToolUse event with a tool name and input. */
export function parsePreToolUseEvent(text: string): PreToolUseEvent {
  if (text.trim() === '') throw new Error('empty hook event on stdin');
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('hook event is not a JSON object');
  }
  const event = value as Record<string, unknown>;
  if (typeof event.tool_name !== 'string' || event.tool_name === '') {
    throw new Error('hook event has no tool_name');
  }
  const input = event.tool_input ?? {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new Error('hook event tool_input is not an object');
  }
  return {
    tool_name: event.tool_name,
    tool_input: input as Record<string, unknown>,
    cwd: typeof event.cwd === 'string' ? event.cwd : null,
  };
}

/**
 * The hook's answer: a hard pause denies everything and stops the agent's turn; a write to a protected path, or a Bash command
 * naming one, is denied; anything else is allowed (left to the agent's own permission rules).
 */
export function decideToolCall(
  event: PreToolUseEvent,
  policy: HookPolicy,
  hardPause: string | null,
): HookDecision {
  if (hardPause !== null) {
    return {
      decision: 'deny',
      reason: `hard paused (${hardPause}); wait for 'autoswe resume'`,
      stopAgent: true,
    };
  }
  const guard = new ProtectedPaths(policy);
  const pathKey = WRITE_TOOLS[event.tool_name];
  if (pathKey !== undefined) {
    const file = event.tool_input[pathKey];
    if (typeof file !== 'string' || file === '') {
      return { decision: 'deny', reason: `${event.tool_name} without a ${pathKey}` };
    }
    const hit = guard.protects(resolve(event.cwd ?? policy.target, file));
    if (hit !== null) return { decision: 'deny', reason: `${hit} is protected; the agent may not change it` };
    return { decision: 'allow' };
  }
  if (event.tool_name === 'Bash') {
    const command = event.tool_input.command;
    if (typeof command !== 'string') return { decision: 'deny', reason: 'Bash without a command' };
    const hit = guard.namedIn(command, event.cwd ?? policy.target);
    if (hit !== null) {
      return { decision: 'deny', reason: `the command names ${hit}, which is protected; leave it alone` };
    }
  }
  return { decision: 'allow' };
}

/** The protected set of one policy: the runtime dir, the protected globs, and the files they matched. */
class ProtectedPaths {
  readonly #policy: HookPolicy;
  readonly #matches: (path: string) => boolean;

  constructor(policy: HookPolicy) {
    this.#policy = policy;
    this.#matches = picomatch([...policy.protected_globs], { dot: true });
  }

  /** The protected path (relative to the root where possible) `file` is, or null. */
  protects(file: string): string | null {
    for (const candidate of new Set([file, realish(file)])) {
      if (within(this.#policy.runtime_dir, candidate)) return this.#shown(candidate);
      const fromRoot = relative(this.#policy.root, candidate);
      if (
        !fromRoot.startsWith('..') &&
        !isAbsolute(fromRoot) &&
        this.#matches(fromRoot.split(sep).join('/'))
      ) {
        return fromRoot;
      }
      if (this.#policy.protected_files.includes(candidate)) return this.#shown(candidate);
    }
    return null;
  }

  /** The first protected path a shell command names (absolute, from the root, or from its cwd), or null. */
  namedIn(command: string, cwd: string): string | null {
    const names = new Set<string>();
    const add = (absolute: string) => {
      names.add(absolute);
      for (const base of [this.#policy.root, cwd]) {
        const rel = relative(base, absolute);
        if (rel !== '' && !isAbsolute(rel)) names.add(rel.split(sep).join('/'));
      }
    };
    add(this.#policy.runtime_dir);
    for (const file of this.#policy.protected_files) add(file);
    for (const glob of this.#policy.protected_globs) {
      const prefix = literalPrefix(glob);
      if (prefix !== '') add(join(this.#policy.root, prefix));
    }
    for (const name of names) {
      if (namesPath(command, name)) return name;
    }
    return null;
  }

  #shown(path: string): string {
    const fromRoot = relative(this.#policy.root, path);
    return fromRoot.startsWith('..') || isAbsolute(fromRoot) ? path : fromRoot;
  }
}

/** The path with symlinks resolved as far as it exists, so a link cannot smuggle a write past the check. */
function realish(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) return path;
    rest.unshift(basename(existing));
    existing = parent;
  }
  try {
    return join(realpathSync(existing), ...rest);
  } catch {
    return path;
  }
}

function within(dir: string, path: string): boolean {
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

const PATH_CHAR = /[A-Za-z0-9._\-/]/;

/** Whether `command` mentions `path` as a whole path (not as part of a longer name). */
export function namesPath(command: string, path: string): boolean {
  let from = 0;
  for (;;) {
    const at = command.indexOf(path, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : (command[at - 1] ?? '');
    const after = command[at + path.length] ?? '';
    const startsClean = before === '' || before === '/' || !PATH_CHAR.test(before);
    const endsClean = after === '' || after === '/' || !PATH_CHAR.test(after);
    if (startsClean && endsClean) return true;
    from = at + 1;
  }
}
