import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AutosweError, errorMessage } from '../../base/errors.js';

/** A JSON file as read: missing, corrupt (with the parser's message), or a parsed object. */
export type JsonFileRead<T> =
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | { readonly kind: 'ok'; readonly value: T };

/** Reads a JSON object file; never throws for a missing or unparsable file. */
export function readJsonObject<T extends object>(path: string): JsonFileRead<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', message: errorMessage(error) };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { kind: 'corrupt', message: 'not a JSON object' };
    }
    return { kind: 'ok', value: value as T };
  } catch (error) {
    // V8 quotes a short file's text in its message, newlines and all; status shows it on one line.
    return { kind: 'corrupt', message: errorMessage(error).replace(/\r?\n/g, '\\n') };
  }
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
