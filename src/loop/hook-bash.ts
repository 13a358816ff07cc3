// Long because each command that can write a file names its target its own way (cp's last operand,
// dd's of=, tee's operands, sed -i's files, git's pathspecs…), and the tripwire has to know each.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch/posix.js';
import { literalPrefix, type ProtectedPaths, within } from './hook-paths.js';
import { isWriteRedirection, parseShell, type SimpleCommand, type Word } from './hook-shell.js';

/** Why a Bash command is denied: the protected path and what would write it. */
export interface BashFinding {
  readonly path: string;
  readonly how: string;
  /** A read of the recorded answers, not a write. */
  readonly read?: true;
}

interface Shell {
  cwd: string;
  readonly vars: Map<string, string>;
  readonly home: string | undefined;
}

/** Past this many nested `bash -c`/`eval` levels the command is refused: nobody writes that by hand. */
const MAX_DEPTH = 8;
/** Globs expanded against the disk at most this many names deep. */
const MAX_GLOB_MATCHES = 2_000;

/**
 * The Bash tripwire: the first protected path the command line would write (a redirection, `tee`,
 * `sed -i`, `cp`/`mv`/`rm`/`ln`/`chmod`/`truncate`/`dd`/`install` onto it, `git checkout`/`restore` of it,
 * an inline script naming it), following `cd` and globs as the shell would, or a read of the baseline.
 * Reading and running anything else is allowed. A tripwire against the obvious: lock-check at the judge
 * is the guarantee.
 */
export function bashFinding(
  command: string,
  cwd: string,
  guard: ProtectedPaths,
  home: string | undefined,
): BashFinding | null {
  return script(parseShell(command), { cwd, vars: new Map(), home }, guard, 0);
}

function script(
  commands: SimpleCommand[],
  shell: Shell,
  guard: ProtectedPaths,
  depth: number,
): BashFinding | null {
  if (depth > MAX_DEPTH)
    return { path: '(nested shells)', how: `more than ${MAX_DEPTH} levels of bash -c/eval` };
  for (const command of commands) {
    for (const nested of command.nested) {
      const found = script(nested, { ...shell, vars: new Map(shell.vars) }, guard, depth + 1);
      if (found !== null) return found;
    }
    const found = simple(command, shell, guard, depth);
    if (found !== null) return found;
  }
  return null;
}

/** Wrappers that run the rest of their arguments as a command, and how many option values they take. */
const WRAPPERS: Record<string, ReadonlySet<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U']),
  doas: new Set(['-u', '-C']),
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S']),
  nice: new Set(['-n', '--adjustment']),
  ionice: new Set(['-c', '-n', '-p']),
  nohup: new Set(),
  command: new Set(),
  builtin: new Set(),
  exec: new Set(['-a']),
  time: new Set(['-f', '-o']),
  stdbuf: new Set(['-i', '-o', '-e']),
  timeout: new Set(['-s', '--signal', '-k', '--kill-after']),
  xargs: new Set([
    '-a',
    '-d',
    '-E',
    '-I',
    '-L',
    '-n',
    '-P',
    '-s',
    '--arg-file',
    '--delimiter',
    '--max-args',
    '--max-procs',
  ]),
};

/** Words that start a compound command's body: the command is the word after them. */
for (const keyword of ['then', 'do', 'else', 'if', 'elif', 'while', 'until', '!', '{']) {
  WRAPPERS[keyword] = new Set();
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh']);
/** Interpreters with inline code, and the option that takes it. */
const INLINE: Record<string, ReadonlySet<string>> = {
  node: new Set(['-e', '--eval', '-p', '--print']),
  python: new Set(['-c']),
  perl: new Set(['-e', '-E']),
  ruby: new Set(['-e']),
  php: new Set(['-r']),
};

function simple(
  command: SimpleCommand,
  shell: Shell,
  guard: ProtectedPaths,
  depth: number,
): BashFinding | null {
  const check = (path: string, how: string, recursive = false): BashFinding | null => {
    const hit = guard.writeHit(path, shell.cwd, recursive);
    return hit === null ? null : { path: `${hit.path}${hit.via}`, how };
  };
  for (const redirection of command.redirections) {
    for (const path of expand(redirection.target, shell)) {
      if (isWriteRedirection(redirection.op)) {
        const found = check(path, `the redirection ${redirection.op}`);
        if (found !== null) return found;
      } else if (guard.inBaseline(resolve(shell.cwd, path))) {
        return { path: shown(guard, resolve(shell.cwd, path)), how: 'the redirection <', read: true };
      }
    }
  }
  let words = command.words.map((word) => ({ word, values: expand(word, shell) }));
  // Leading NAME=value words: alone they set shell variables; before a command, only its environment.
  const assignments: [string, string | null][] = [];
  for (const { word } of words) {
    const head = word[0];
    const name =
      head?.kind === 'text' && !head.quoted ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(head.text)?.[1] : undefined;
    if (name === undefined) break;
    const value = literal(word, shell);
    assignments.push([name, value === null ? null : value.slice(name.length + 1)]);
  }
  if (assignments.length === words.length) {
    for (const [name, value] of assignments) {
      if (value === null) shell.vars.delete(name);
      else shell.vars.set(name, value);
    }
  }
  words = words.slice(assignments.length);
  // Every word that names the baseline is a read of the answers, whatever the program.
  for (const { values } of words) {
    for (const value of values) {
      const path = resolve(shell.cwd, value);
      if (guard.inBaseline(path))
        return { path: shown(guard, path), how: 'reading the recorded answers', read: true };
    }
  }
  // Unwrap sudo, env, nice, timeout, xargs… to the program they run.
  for (;;) {
    const program = words[0]?.values[0];
    if (program === undefined) return null;
    const options = WRAPPERS[basename(program)];
    if (options === undefined) break;
    let index = 1;
    while (index < words.length) {
      const value = words[index]?.values[0] ?? '';
      if (basename(program) === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(value)) index++;
      else if (value === '--') {
        index++;
        break;
      } else if (value.startsWith('-') && value !== '-') index += options.has(value) ? 2 : 1;
      else break;
    }
    if (basename(program) === 'timeout' && index < words.length) index++;
    words = words.slice(index);
  }
  const program = basename(words[0]?.values[0] ?? '');
  const args = words.slice(1).flatMap(({ values }) => values);
  const rawArgs = words.slice(1).map(({ word }) => word);
  const operands = (valued: ReadonlySet<string> = new Set()) => nonOptions(args, valued);
  const each = (paths: readonly string[], how: string, recursive = false) => {
    for (const path of paths) {
      const found = check(path, how, recursive);
      if (found !== null) return found;
    }
    return null;
  };
  switch (program) {
    case 'cd':
    case 'pushd': {
      const dir = operands()[0];
      if (dir === undefined) shell.cwd = shell.home ?? shell.cwd;
      else if (dir !== '-') shell.cwd = resolve(shell.cwd, dir);
      return null;
    }
    case 'tee':
      return each(operands(), 'tee');
    case 'export':
    case 'declare':
    case 'typeset':
    case 'local':
    case 'readonly':
      for (const arg of args) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
        if (match !== null) shell.vars.set(match[1] ?? '', match[2] ?? '');
      }
      return null;
    case 'sed':
    case 'perl': {
      const inPlace = args.some((arg) => /^-[a-zA-Z]*i/.test(arg) || arg.startsWith('--in-place'));
      if (!inPlace) return program === 'perl' ? inline(program, args, shell, guard) : null;
      return each(operands(new Set(['-e', '-f', '--expression', '--file', '-l'])), `${program} -i`);
    }
    case 'cp':
    case 'mv':
    case 'install':
    case 'rsync':
    case 'ln':
    case 'link': {
      const recursive = args.some(
        (arg) => /^-[a-zA-Z]*[rRa]/.test(arg) || arg === '--recursive' || arg === '--archive',
      );
      const valued = new Set([
        '-t',
        '--target-directory',
        '-S',
        '--suffix',
        '-m',
        '--mode',
        '-o',
        '--owner',
        '-g',
        '--group',
        '-e',
      ]);
      const files = operands(valued);
      const targetDir = optionValue(args, '-t', '--target-directory');
      const sources = targetDir === undefined ? files.slice(0, -1) : files;
      const destination = targetDir ?? files.at(-1);
      // mv takes its sources away, ln gives another name to them: both change what they name.
      if (
        program === 'mv' ||
        program === 'ln' ||
        program === 'link' ||
        args.includes('--remove-source-files')
      ) {
        const found = each(sources, program, program === 'mv');
        if (found !== null) return found;
      }
      if (destination === undefined) return null;
      const found = check(
        destination,
        program,
        recursive && sources.some((source) => /(^|\/)\.?\/?$/.test(source)),
      );
      if (found !== null) return found;
      if (isDirectory(resolve(shell.cwd, destination))) {
        return each(
          sources.map((source) => join(destination, basename(source))),
          program,
          recursive,
        );
      }
      return null;
    }
    case 'rm':
    case 'rmdir':
    case 'unlink':
    case 'shred':
    case 'touch':
    case 'truncate':
    case 'chmod':
    case 'chown':
    case 'chgrp':
    case 'chattr':
    case 'setfacl':
    case 'mkdir':
    case 'mkfifo':
    case 'mknod': {
      const valued = new Set([
        '-r',
        '-d',
        '-t',
        '-s',
        '--size',
        '--reference',
        '-m',
        '--mode',
        '--from',
        '-n',
      ]);
      const files = operands(program === 'rm' ? new Set() : valued);
      const recursive =
        program === 'rm' || args.some((arg) => /^-[a-zA-Z]*R/.test(arg) || arg === '--recursive');
      return each(files, program, recursive);
    }
    case 'dd':
      return each(
        args.filter((arg) => arg.startsWith('of=')).map((arg) => arg.slice(3)),
        'dd of=',
      );
    case 'sort':
    case 'curl':
    case 'wget': {
      const value =
        program === 'wget'
          ? optionValue(args, '-O', '--output-document')
          : optionValue(args, '-o', '--output');
      return value === undefined ? null : each([value], `${program} ${program === 'wget' ? '-O' : '-o'}`);
    }
    case 'find': {
      if (!args.some((arg) => arg === '-delete' || arg === '-exec' || arg === '-execdir')) return null;
      const roots = args.slice(
        0,
        Math.max(
          0,
          args.findIndex((arg) => arg.startsWith('-') || arg === '(' || arg === '!'),
        ),
      );
      return each(roots.length === 0 && args[0]?.startsWith('-') ? ['.'] : roots, 'find -delete/-exec', true);
    }
    case 'git':
      return git(args, shell, check);
    case 'eval': {
      const text = rawArgs.map((word) => plain(word)).join(' ');
      return script(parseShell(text), shell, guard, depth + 1);
    }
    case 'awk':
    case 'gawk':
    case 'mawk': {
      const program = operands(new Set(['-f', '-v', '-F']))[0];
      return program !== undefined && /[>|]/.test(program)
        ? named(program, shell, guard, 'an awk program')
        : null;
    }
    default:
      if (SHELLS.has(program)) {
        const at = args.findIndex((arg) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg));
        const code = at < 0 ? undefined : args[at + 1];
        return code === undefined
          ? null
          : script(parseShell(code), { ...shell, vars: new Map(shell.vars) }, guard, depth + 1);
      }
      return inline(/^python[\d.]*$/.test(program) ? 'python' : program, args, shell, guard);
  }
}

/** What inline code that writes a file looks like in the usual languages. */
const WRITES_IN_CODE =
  /write|append|unlink|\brm|rmdir|rename|remove|truncate|chmod|chown|copy|move|symlink|link|utime|open\s*\([^)]*,\s*['"][wax+]|>/i;

/** `node -e CODE`, `python -c CODE`…: refused when the code names a protected path (it cannot be parsed). */
function inline(
  program: string,
  args: readonly string[],
  shell: Shell,
  guard: ProtectedPaths,
): BashFinding | null {
  const options = INLINE[program];
  if (options === undefined) return null;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (options.has(arg)) {
      const code = args[index + 1];
      // Reading a case from inline code is fine; code that names a protected path and writes is not.
      if (code !== undefined && WRITES_IN_CODE.test(code))
        return named(code, shell, guard, `inline ${program} code`);
    }
  }
  return null;
}

/** A protected path that `text` (code we cannot parse) mentions as a whole word, or null. */
function named(text: string, shell: Shell, guard: ProtectedPaths, how: string): BashFinding | null {
  const policy = guard.policy;
  const names = new Set<string>();
  const add = (absolute: string) => {
    names.add(absolute);
    for (const base of [policy.root, shell.cwd]) {
      const rel = relative(base, absolute);
      if (rel !== '' && !isAbsolute(rel)) names.add(rel.split(sep).join('/'));
    }
  };
  add(policy.runtime_dir);
  for (const file of policy.protected_files) add(file);
  for (const glob of policy.protected_globs) {
    const folder = literalPrefix(glob);
    if (folder !== '') add(join(policy.root, folder));
  }
  for (const name of names) {
    if (namesPath(text, name))
      return { path: shown(guard, isAbsolute(name) ? name : resolve(policy.root, name)), how };
  }
  return null;
}

/** git checkout/restore/rm/mv/clean/apply of a protected path (`git -C DIR` honoured). */
function git(
  args: readonly string[],
  shell: Shell,
  check: (path: string, how: string, recursive?: boolean) => BashFinding | null,
): BashFinding | null {
  let index = 0;
  let cwd = shell.cwd;
  while (index < args.length && (args[index] ?? '').startsWith('-')) {
    const option = args[index] ?? '';
    if (option === '-C') cwd = resolve(cwd, args[index + 1] ?? '.');
    index += option === '-C' || option === '-c' || option === '--git-dir' || option === '--work-tree' ? 2 : 1;
  }
  const sub = args[index];
  const rest = args.slice(index + 1);
  if (sub === undefined || !['checkout', 'restore', 'rm', 'mv', 'clean', 'checkout-index'].includes(sub))
    return null;
  const dash = rest.indexOf('--');
  let paths =
    dash >= 0 ? rest.slice(dash + 1) : nonOptions(rest, new Set(['-s', '--source', '-b', '-B', '-m', '-e']));
  // `git checkout BRANCH` names no file; a name that is not on disk is a branch or commit.
  if (sub === 'checkout' && dash < 0) paths = paths.filter((path) => exists(resolve(cwd, path)));
  if (sub === 'clean' && paths.length === 0) paths = ['.'];
  const saved = shell.cwd;
  shell.cwd = cwd;
  try {
    for (const path of paths) {
      const found = check(path, `git ${sub}`, true);
      if (found !== null) return found;
    }
    return null;
  } finally {
    shell.cwd = saved;
  }
}

/** The operands of a command line: what is not an option (nor an option's value), everything after `--`. */
function nonOptions(args: readonly string[], valued: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--') return [...out, ...args.slice(index + 1)];
    if (arg.startsWith('-') && arg !== '-') {
      if (valued.has(arg)) index++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** The value of `-x VALUE`, `-xVALUE`, `--long VALUE` or `--long=VALUE`. */
function optionValue(args: readonly string[], short: string, long: string): string | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === short || arg === long) return args[index + 1];
    if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
    if (arg.startsWith(short) && !arg.startsWith('--') && arg.length > short.length)
      return arg.slice(short.length);
  }
  return undefined;
}

/** The word as one known string (variables set in this command line substituted), or null. */
function literal(word: Word, shell: Shell): string | null {
  let out = '';
  for (const part of word) {
    if (part.kind === 'text') out += part.text;
    else if (part.kind === 'var' && shell.vars.has(part.name)) out += shell.vars.get(part.name);
    else if (part.kind === 'var' && part.name === 'HOME' && shell.home !== undefined) out += shell.home;
    else if (part.kind === 'var' && part.name === 'PWD') out += shell.cwd;
    else return null;
  }
  return out;
}

function plain(word: Word): string {
  return word
    .map((part) => (part.kind === 'text' ? part.text : part.kind === 'var' ? `$${part.name}` : ''))
    .join('');
}

/**
 * What the shell makes of a word: variables substituted, `~` and braces expanded, globs matched against
 * the disk from the shell's cwd. A part nobody can know (an unset variable, `$(…)`) becomes `*`, so
 * `> $D/VERDICTS` is checked as `*​/VERDICTS` would be.
 */
export function expand(word: Word, shell: Shell): string[] {
  let pattern = '';
  let magic = false;
  for (const part of word) {
    if (part.kind === 'text') {
      pattern += part.quoted ? escapeGlob(part.text) : part.text;
      if (!part.quoted && /[*?[{]/.test(part.text)) magic = true;
    } else if (part.kind === 'var') {
      const known =
        shell.vars.get(part.name) ??
        (part.name === 'HOME' ? shell.home : part.name === 'PWD' ? shell.cwd : undefined);
      if (known === undefined) {
        pattern += '*';
        magic = true;
      } else {
        pattern += part.quoted ? escapeGlob(known) : known;
        if (!part.quoted && /[*?[{]/.test(known)) magic = true;
      }
    } else {
      pattern += '*';
      magic = true;
    }
  }
  if (word[0]?.kind === 'text' && !word[0].quoted && shell.home !== undefined) {
    pattern = pattern.replace(/^~(?=\/|$)/, shell.home);
  }
  if (!magic) return [unescapeGlob(pattern)];
  // Nothing known of it at all (`$(…)`, `"$f"`): no path to check; a known part makes it a glob.
  if (word.every((part) => part.kind !== 'text' || part.text === '')) return [];
  const out: string[] = [];
  for (const alternative of braces(pattern)) {
    if (!/(^|[^\\])[*?[]/.test(alternative)) {
      out.push(unescapeGlob(alternative));
      continue;
    }
    const matches = globOnDisk(alternative, shell.cwd);
    // No match: bash passes the word on as it is, which then names nothing (or a file called that).
    out.push(...(matches.length > 0 ? matches : [unescapeGlob(alternative)]));
  }
  return out;
}

function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]{}]/g, '\\$&');
}

function unescapeGlob(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Brace expansion of unescaped `{a,b}` (nested too), at most 256 results. */
function braces(pattern: string): string[] {
  const open = findUnescaped(pattern, '{', 0);
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let index = open; index < pattern.length; index++) {
    const c = pattern[index];
    if (c === '\\') {
      index++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = index;
      break;
    } else if (c === ',' && depth === 1) commas.push(index);
  }
  if (close < 0 || commas.length === 0) return [pattern];
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const cuts = [open, ...commas, close];
  const out: string[] = [];
  for (let index = 0; index + 1 < cuts.length && out.length < 256; index++) {
    const middle = pattern.slice((cuts[index] ?? 0) + 1, cuts[index + 1]);
    out.push(...braces(`${head}${middle}${tail}`));
  }
  return out.slice(0, 256);
}

function findUnescaped(text: string, char: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === char) return index;
  }
  return -1;
}

/** The paths a glob matches on disk, segment by segment from `cwd` (absolute results for absolute globs). */
function globOnDisk(pattern: string, cwd: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((segment, index) => segment !== '' || index === 0);
  let found: string[] = [absolute ? '/' : ''];
  for (const segment of segments) {
    if (segment === '') continue;
    const next: string[] = [];
    if (!/(^|[^\\])[*?[]/.test(segment)) {
      for (const base of found)
        next.push(base === '' ? unescapeGlob(segment) : join(base, unescapeGlob(segment)));
    } else {
      const matches = picomatch(segment, { dot: segment.startsWith('.') });
      for (const base of found) {
        let names: string[];
        try {
          names = readdirSync(resolve(cwd, base === '' ? '.' : base));
        } catch {
          continue;
        }
        for (const name of names) {
          if (matches(name) && next.length < MAX_GLOB_MATCHES)
            next.push(base === '' ? name : join(base, name));
        }
      }
    }
    found = next.filter((path) => exists(resolve(cwd, path)));
    if (found.length === 0) return [];
  }
  return found;
}

function exists(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    // A symlink loop, a folder we may not enter.
    return false;
  }
}

function shown(guard: ProtectedPaths, path: string): string {
  const root = guard.policy.root;
  return within(root, path) && path !== root ? relative(root, path).split(sep).join('/') : path;
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
