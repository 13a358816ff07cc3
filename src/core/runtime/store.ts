import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AutosweError, EXIT_USAGE, errorCode, errorMessage } from '../../base/errors.js';
import { type Check, decode } from './decode.js';

/** A JSON file as read: missing, corrupt (the parser's or the decoder's message), or a decoded value. */
export type JsonFileRead<T> =
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | { readonly kind: 'ok'; readonly value: T };

/**
 * Reads a JSON file and decodes it with `check`; never throws. Unparsable, or a known key with the wrong
 * type, is `corrupt` with one line saying why (`iter: expected an integer ≥ 0, got "7"`).
 */
export function readJsonFile<T>(path: string, check: Check<T>): JsonFileRead<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', message: errorMessage(error) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8 quotes a short file's text in its message, newlines and all; status shows it on one line.
    return { kind: 'corrupt', message: errorMessage(error).replace(/\r?\n/g, '\\n') };
  }
  const decoded = decode(check, value);
  return decoded.ok ? { kind: 'ok', value: decoded.value } : { kind: 'corrupt', message: decoded.message };
}

/**
 * The value a writer is about to write, decoded first: a known key with the wrong type is refused with
 * one line naming the file and the key (exit 2), and nothing is written.
 */
export function checkedForWrite<T>(path: string, check: Check<T>, value: unknown): T {
  const decoded = decode(check, value);
  if (decoded.ok) return decoded.value;
  throw new AutosweError(`refusing to write ${path}: ${decoded.message}; nothing was written`, EXIT_USAGE);
}

/**
 * Replaces a file atomically: temp file in the same folder, flushed, renamed over the target.
 * A reader sees the old file or the new one, never a torn one, even if this process is killed.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const { default: writeFileAtomicLib } = await import('write-file-atomic');
  await writeFileAtomicLib(path, data, { fsync: true });
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Appends one whole line with a single write call (O_APPEND), so concurrent appenders never interleave. */
export function appendLine(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(value)}\n`);
}

/** A lock left by a dead process is taken over after this long (docs/RUNTIME.md section 8). */
export const STALE_LOCK_MS = 10_000;

/**
 * Runs `fn` holding the inter-process lock on `<runtime>/.lock` for the whole read-modify-write cycle.
 * The holder refreshes the lock's mtime; a lock not refreshed for 10 s is stale and taken over.
 */
export async function withLock<T>(runtimeDir: string, lockPath: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(runtimeDir, { recursive: true });
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
    throw new AutosweError(`could not take the lock ${lockPath}: ${errorMessage(error)}`);
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
