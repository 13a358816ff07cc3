import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode } from '../../base/errors.js';
import type { Workspace } from './workspace.js';

/**
 * Signed lines (docs/RUNTIME.md section 20, docs/SECURITY.md): every VERDICTS and RULES_QUEUE line autoswe
 * writes carries `sig`, an HMAC-SHA256 of the line without it, keyed by `keys/lines.key` in the runtime
 * dir. The agent's sandbox masks that folder (core/guard/agent-view.ts), as do the sandboxes of the new
 * program, the build and the checks, so a line they add cannot carry a valid `sig`: the judge flags it and
 * `rules-review apply` refuses to act on it. Under `agent.sandbox: none` the agent can read the key like
 * any file of its user; the signature then only tells autoswe's lines from hand-written ones.
 */

export const KEYS_DIR = 'keys';
const KEY_FILE = 'lines.key';

export function keyPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, KEYS_DIR, KEY_FILE);
}

const cache = new Map<string, Buffer>();

/** The workspace's key: read, or made (32 random bytes, mode 0600) the first time a line is signed. */
export function signingKey(workspace: Workspace): Buffer {
  const path = keyPath(workspace);
  const known = cache.get(path);
  if (known !== undefined) return known;
  let key = readKey(path);
  if (key === null) {
    mkdirSync(join(workspace.runtimeDir, KEYS_DIR), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // Another writer made it a moment ago: use theirs.
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    key = readKey(path);
    if (key === null) throw new Error(`cannot read the signing key ${path}`);
  }
  cache.set(path, key);
  return key;
}

/** The key if it exists (readers never make one: without a key no line is signed). */
export function existingKey(workspace: Workspace): Buffer | null {
  const path = keyPath(workspace);
  return cache.get(path) ?? readKey(path);
}

function readKey(path: string): Buffer | null {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(text) ? Buffer.from(text, 'hex') : null;
  } catch {
    return null;
  }
}

/** JSON with object keys sorted at every level: the bytes a signature covers. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function mac(key: Buffer, value: Record<string, unknown>): string {
  const { sig: _sig, ...rest } = value;
  return createHmac('sha256', key).update(canonicalJson(rest)).digest('hex');
}

/** The line with its `sig`. */
export function signed<T extends object>(workspace: Workspace, value: T): T & { sig: string } {
  return { ...value, sig: mac(signingKey(workspace), value as Record<string, unknown>) };
}

/** Whether a parsed line carries a valid `sig` under `key`. */
export function hasValidSignature(key: Buffer | null, value: unknown): boolean {
  if (key === null || value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const sig = (value as Record<string, unknown>).sig;
  if (typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const expected = Buffer.from(mac(key, value as Record<string, unknown>), 'hex');
  return timingSafeEqual(expected, Buffer.from(sig, 'hex'));
}

/** A short digest of a value (a proposal, as a decision names what it decided). */
export function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}
