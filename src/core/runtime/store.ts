// Long because it is the one place every runtime file is read and written through: atomic replace with
// temp files the next writer cleans up, appends that start on a new line, the lock, and the refusals
// (symbolic links, folders, a runtime dir that is a file, a `.lock` that is not the lock's folder).
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  type Stats,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AutosweError, EXIT_USAGE, errorCode, errorMessage } from '../../base/errors.js';
import { terminalLine } from '../../base/terminal-text.js';
import { type Check, decode } from './decode.js';

/** A JSON file as read: missing, corrupt (the parser's or the decoder's message), or a decoded value. */
export type JsonFileRead<T> =
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | { readonly kind: 'ok'; readonly value: T };

/** A text file as read: missing, unreadable or not a plain file (`corrupt`, one line why), or its text. */
export type TextFileRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | { readonly kind: 'ok'; readonly text: string; readonly size: number };

/** A runtime JSON file larger than this is corrupt: no writer of autoswe makes one near it. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** JSON nested deeper than this is corrupt (ours is at most 5 deep; the writers' stringify would overflow). */
export const MAX_JSON_DEPTH = 64;

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Why a path cannot be opened, as one line (ELOOP: a symbolic link autoswe refuses to follow). */
export function openProblem(error: unknown): string {
  const code = errorCode(error);
  if (code === 'ELOOP') return 'is a symbolic link (autoswe does not follow links in the runtime files)';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'ENOTDIR') return 'is inside something that is not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'is not readable (permission denied)';
  return terminalLine(errorMessage(error), 200);
}

/**
 * Reads a runtime file without following a symbolic link (`O_NOFOLLOW`: a PAUSE pointing at /etc/passwd
 * is never shown), refusing folders, devices and FIFOs. At most `maxBytes` are read: `ok.size` says how
 * big the file was, `text` holds its first `maxBytes` bytes.
 */
export function readRuntimeText(path: string, maxBytes: number = MAX_JSON_BYTES): TextFileRead {
  const file = openRegularFile(path);
  if (file.kind !== 'ok') return file;
  try {
    const bytes = readAt(file.fd, 0, Math.min(file.size, maxBytes));
    return { kind: 'ok', text: bytes.toString('utf8'), size: file.size };
  } catch (error) {
    return { kind: 'corrupt', message: openProblem(error) };
  } finally {
    closeSync(file.fd);
  }
}

/** A runtime file opened to read: its descriptor (the caller closes it) and size, missing, or why not. */
export type RegularFileOpen =
  | { readonly kind: 'ok'; readonly fd: number; readonly size: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string };

/**
 * Opens a runtime file to read: never through a symbolic link (`O_NOFOLLOW`), never waiting on a FIFO
 * (`O_NONBLOCK`), and only a regular file; a folder, a device or a FIFO is `corrupt`, saying which.
 */
export function openRegularFile(path: string): RegularFileOpen {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', message: openProblem(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isFile()) return { kind: 'ok', fd, size: stats.size };
    closeSync(fd);
    return {
      kind: 'corrupt',
      message: stats.isDirectory() ? 'is a folder, not a file' : 'is not a regular file',
    };
  } catch (error) {
    closeSync(fd);
    return { kind: 'corrupt', message: openProblem(error) };
  }
}

/** Up to `length` bytes of `fd` from `position`: fewer when the file ends first. */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const got = readSync(fd, buffer, read, length - read, position + read);
    if (got === 0) break;
    read += got;
  }
  return buffer.subarray(0, read);
}

/** Parsed JSON, or one line saying why not: unparsable, invalid UTF-8, or nested too deep. */
export type ParsedJson =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses JSON bytes strictly: invalid UTF-8 is an error (not replaced by U+FFFD and written back). */
export function parseJsonBytes(bytes: Uint8Array): ParsedJson {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, message: 'not valid UTF-8' };
  }
  return parseJsonText(text);
}

/** Parses JSON text; a parse error or nesting deeper than MAX_JSON_DEPTH is one printable line. */
export function parseJsonText(text: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8 quotes a short file's text in its message, binary and newlines and all; shown on one safe line.
    return { ok: false, message: terminalLine(errorMessage(error).replace(/\r?\n/g, '\\n'), 200) };
  }
  if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { ok: false, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  return { ok: true, value };
}

/** The nesting depth of a parsed JSON value, counted without recursion and stopping past `limit`. */
function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (child !== null && typeof child === 'object') stack.push([child, level]);
    }
  }
  return deepest;
}

/**
 * Reads a JSON file and decodes it with `check`; never throws. Unparsable, not UTF-8, too deep or too big,
 * a folder, a symbolic link, or a known key with the wrong type is `corrupt` with one line saying why.
 */
export function readJsonFile<T>(path: string, check: Check<T>): JsonFileRead<T> {
  const file = openRegularFile(path);
  if (file.kind !== 'ok') return file;
  let bytes: Buffer;
  try {
    if (file.size > MAX_JSON_BYTES) {
      return { kind: 'corrupt', message: `is ${file.size} bytes, more than any autoswe writes` };
    }
    bytes = readAt(file.fd, 0, file.size);
  } catch (error) {
    return { kind: 'corrupt', message: openProblem(error) };
  } finally {
    closeSync(file.fd);
  }
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) return { kind: 'corrupt', message: parsed.message };
  const decoded = decode(check, parsed.value);
  return decoded.ok
    ? { kind: 'ok', value: decoded.value }
    : { kind: 'corrupt', message: terminalLine(decoded.message, 300) };
}

/**
 * The value a writer is about to write, decoded first: a known key with the wrong type is refused with
 * one line naming the file and the key (exit 2), and nothing is written.
 */
export function checkedForWrite<T>(path: string, check: Check<T>, value: unknown): T {
  const decoded = decode(check, value);
  if (decoded.ok) return decoded.value;
  throw new AutosweError(
    `refusing to write ${path}: ${terminalLine(decoded.message, 300)}; nothing was written`,
    EXIT_USAGE,
  );
}

/** The suffix of every temp file autoswe writes; lock-check never counts a file ending in it. */
export const TEMP_SUFFIX = '.autoswe-tmp';

/** Whether a file name is one of autoswe's temp files (`.<name>.<pid>-<n>.autoswe-tmp`). */
export function isTempFileName(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}

let tempSequence = 0;

/**
 * The temp file for one write of `path`: `.<name>.<pid>-<n>.autoswe-tmp` in the same folder. Named by the
 * writer's pid so the next writer of the same file can tell a dead writer's leftover from a live one's.
 */
export function tempPathFor(path: string, pid: number = process.pid): string {
  tempSequence += 1;
  return join(dirname(path), `.${basename(path)}.${pid}-${tempSequence}${TEMP_SUFFIX}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/**
 * When this process last cleaned each file's leftovers: a long-running writer (the loop's HEARTBEAT, a
 * baseline of thousands of files in one folder) lists the folder at most once a second per file.
 */
const cleanedAt = new Map<string, number>();
const CLEAN_EVERY_MS = 1_000;

/**
 * Removes temp files of `path` left by writers that died (killed between creating and renaming them):
 * those whose pid is no longer alive, or is ours from an earlier, finished write. Run by the next writer.
 */
export function removeStaleTemps(path: string): string[] {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const match = /^(\d+)-\d+$/.exec(name.slice(prefix.length, -TEMP_SUFFIX.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && processAlive(pid)) continue;
    try {
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Another writer removed it first, or the folder is read-only: the next one tries again.
    }
  }
  return removed;
}

/** The folder a runtime file goes into, created when missing; a file in its place is a usage error. */
function ensureFolder(path: string): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new AutosweError(`cannot write ${path}: ${dir} is not a folder`, EXIT_USAGE);
    }
    throw new AutosweError(`cannot write ${path}: ${terminalLine(errorMessage(error), 200)}`);
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR')
      throw new AutosweError(`cannot write ${path}: ${dirname(path)} is not a folder`, EXIT_USAGE);
    throw new AutosweError(`cannot write ${path}: ${terminalLine(errorMessage(error), 200)}`);
  }
}

/** Refuses to replace a symbolic link, a folder or anything but a plain file (exit 2, nothing written). */
function refuseNonFile(path: string, stats: Stats | undefined): void {
  if (stats === undefined || stats.isFile()) return;
  const what = stats.isSymbolicLink()
    ? 'it is a symbolic link (autoswe does not follow links in the runtime files)'
    : stats.isDirectory()
      ? 'it is a folder, not a file'
      : 'it is not a regular file';
  throw new AutosweError(`refusing to write ${path}: ${what}; nothing was written`, EXIT_USAGE);
}

function writeAll(fd: number, data: Buffer): void {
  let written = 0;
  while (written < data.length) written += writeSync(fd, data, written, data.length - written);
}

/**
 * Replaces a file atomically: a temp file in the same folder (named by pid, see tempPathFor), flushed,
 * renamed over the target. A reader sees the old file or the new one, never a torn one, even if this
 * process is killed; the temp file a killed writer leaves is removed by the next writer of that file.
 * A target that is a symbolic link or a folder is refused, never followed. The file's mode is kept.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  ensureFolder(path);
  const existing = lstatOrUndefined(path);
  refuseNonFile(path, existing);
  const now = Date.now();
  if (now - (cleanedAt.get(path) ?? Number.NEGATIVE_INFINITY) >= CLEAN_EVERY_MS) {
    removeStaleTemps(path);
    cleanedAt.set(path, now);
  }
  const temp = tempPathFor(path);
  const mode = existing === undefined ? 0o666 : existing.mode & 0o7777;
  let fd: number | undefined;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode);
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    if (error instanceof AutosweError) throw error;
    const code = errorCode(error);
    if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
      throw new AutosweError(
        `refusing to write ${path}: it is a folder, not a file; nothing was written`,
        EXIT_USAGE,
      );
    }
    throw new AutosweError(`cannot write ${path}: ${terminalLine(errorMessage(error), 200)}`);
  }
}

/** writeFileAtomicSync for callers that await (the writers' interface stays async). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  writeFileAtomicSync(path, data);
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  writeFileAtomicSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Appends text with a single write call (O_APPEND), so concurrent appenders never interleave. When the
 * file's last byte is not a newline (a line someone wrote by hand, a writer killed mid-line), the text
 * starts on a new line, so two lines never merge. A symbolic link or a folder is refused (exit 2).
 */
export function appendText(path: string, text: string): void {
  ensureFolder(path);
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW, 0o666);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP' || code === 'EISDIR') {
      throw new AutosweError(
        `refusing to append to ${path}: it ${openProblem(error)}; nothing was written`,
        EXIT_USAGE,
      );
    }
    throw new AutosweError(`cannot append to ${path}: ${terminalLine(errorMessage(error), 200)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new AutosweError(
        `refusing to append to ${path}: it is not a regular file; nothing was written`,
        EXIT_USAGE,
      );
    }
    let prefix = '';
    if (stats.size > 0) {
      const last = Buffer.alloc(1);
      const reader = openSync(path, constants.O_RDONLY | NOFOLLOW);
      try {
        readSync(reader, last, 0, 1, stats.size - 1);
      } finally {
        closeSync(reader);
      }
      if (last[0] !== 0x0a) prefix = '\n';
    }
    writeAll(fd, Buffer.from(`${prefix}${text}`, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

/** Appends one whole JSON line (see appendText). */
export function appendLine(path: string, value: unknown): void {
  appendText(path, `${JSON.stringify(value)}\n`);
}

/** The runtime dir, created when missing; a file in its place is a usage error (exit 2), said at once. */
export function ensureRuntimeDir(runtimeDir: string): void {
  try {
    mkdirSync(runtimeDir, { recursive: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new AutosweError(`the runtime dir ${runtimeDir} is not a folder; move it aside`, EXIT_USAGE);
    }
    throw new AutosweError(
      `cannot create the runtime dir ${runtimeDir}: ${terminalLine(errorMessage(error), 200)}`,
    );
  }
}

/** A lock left by a dead process is taken over after this long (docs/RUNTIME.md section 8). */
export const STALE_LOCK_MS = 10_000;

/**
 * The runtime dir, created when missing, and `.lock` checked: a runtime dir that is a file, or a `.lock`
 * that is a file or a link rather than the lock's folder, is an error at once (exit 2), not after the
 * lock's 40 s of retries.
 */
function prepareLock(runtimeDir: string, lockPath: string): void {
  ensureRuntimeDir(runtimeDir);
  let stats: Stats | undefined;
  try {
    stats = lstatSync(lockPath);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') {
      throw new AutosweError(`cannot check the lock ${lockPath}: ${terminalLine(errorMessage(error), 200)}`);
    }
  }
  if (stats !== undefined && !stats.isDirectory()) {
    const what = stats.isSymbolicLink() ? 'a symbolic link' : 'a file';
    throw new AutosweError(
      `the lock ${lockPath} is ${what}, not the folder autoswe locks with; remove it (no autoswe process holds it)`,
      EXIT_USAGE,
    );
  }
}

/**
 * Runs `fn` holding the inter-process lock on `<runtime>/.lock` for the whole read-modify-write cycle.
 * The holder refreshes the lock's mtime; a lock not refreshed for 10 s is stale and taken over.
 */
export async function withLock<T>(runtimeDir: string, lockPath: string, fn: () => Promise<T>): Promise<T> {
  prepareLock(runtimeDir, lockPath);
  const { default: lockfile } = await import('proper-lockfile');
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(runtimeDir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: STALE_LOCK_MS,
      update: 2_000,
      retries: { retries: 400, factor: 1.2, minTimeout: 5, maxTimeout: 100, randomize: true },
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    throw new AutosweError(`could not take the lock ${lockPath}: ${terminalLine(errorMessage(error), 200)}`);
  }
  try {
    const result = await fn();
    if (compromised) throw new AutosweError(`lost the lock ${lockPath}: ${compromised.message}`);
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * Takes the lock `lockPath` at once or not at all (null when another process holds it): for a background
 * job of which one instance at a time is enough (the notifier). Refreshed while held, stale after 10 s.
 */
export async function tryLock(runtimeDir: string, lockPath: string): Promise<(() => Promise<void>) | null> {
  mkdirSync(runtimeDir, { recursive: true });
  const { default: lockfile } = await import('proper-lockfile');
  try {
    return await lockfile.lock(runtimeDir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: STALE_LOCK_MS,
      update: 2_000,
      retries: 0,
      onCompromised: () => undefined,
    });
  } catch (error) {
    if (errorCode(error) === 'ELOCKED') return null;
    throw new AutosweError(`could not take the lock ${lockPath}: ${errorMessage(error)}`);
  }
}
