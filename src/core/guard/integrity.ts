import { createHash } from 'node:crypto';
import { closeSync, readSync } from 'node:fs';
import { terminalLine } from '../../base/terminal-text.js';
import { hookPolicyPath } from '../runtime/hook-policy.js';
import { existingKey, hasValidSignature } from '../runtime/signing.js';
import { readState } from '../runtime/state.js';
import {
  MAX_JSON_BYTES,
  openRegularFile,
  readAt,
  readRuntimeText,
  writeFileAtomic,
} from '../runtime/store.js';
import type { Workspace } from '../runtime/workspace.js';

/**
 * Runtime-dir integrity (docs/SECURITY.md, "What the loop checks at the judge"): what the loop holds true
 * of its own files when the agent starts, and the check of it afterwards. Anything the loop did not write
 * itself is a finding: a VERDICTS or RULES_QUEUE line without a valid signature (core/runtime/signing.ts)
 * or a change to their earlier lines, a hook-policy.json other than the one the run wrote, and a change to
 * the keys of state.json only the loop writes. The judge turns a finding into REVERT and a hard pause.
 */
export interface RuntimeSnapshot {
  readonly verdicts: FilePrefix;
  readonly rulesQueue: FilePrefix;
  readonly hookPolicy: string | null;
  readonly state: Record<string, unknown>;
}

interface FilePrefix {
  readonly size: number;
  readonly sha256: string;
}

/** The keys of state.json that only the loop writes (operators write status, reason, autonomous). */
export const LOOP_OWNED_STATE_KEYS = [
  'epoch',
  'iter',
  'run',
  'vertex',
  'plan',
  'judge',
  'write',
  'build',
  'checks',
] as const;

/** The finding for a changed hook-policy.json (the loop tells the hook's own rebuild apart from a forgery). */
export const HOOK_POLICY_CHANGED = 'hook-policy.json was changed (the loop writes it once, at run start)';

export function takeSnapshot(workspace: Workspace): RuntimeSnapshot {
  return {
    verdicts: prefixOf(workspace.paths.verdicts),
    rulesQueue: prefixOf(workspace.paths.rulesQueue),
    hookPolicy: readText(hookPolicyPath(workspace)),
    state: loopOwnedState(workspace),
  };
}

/** The findings about the line files and hook-policy.json since `snapshot`; empty when all is as the loop left it. */
export function checkRuntimeFiles(workspace: Workspace, snapshot: RuntimeSnapshot): string[] {
  const key = existingKey(workspace);
  const findings = [
    ...checkLines('VERDICTS', workspace.paths.verdicts, snapshot.verdicts, key),
    ...checkLines('RULES_QUEUE', workspace.paths.rulesQueue, snapshot.rulesQueue, key),
  ];
  if (readText(hookPolicyPath(workspace)) !== snapshot.hookPolicy) findings.push(HOOK_POLICY_CHANGED);
  return findings;
}

/** The findings about state.json: loop-owned keys that differ from `snapshot`. */
export function checkState(workspace: Workspace, snapshot: RuntimeSnapshot): string[] {
  const now = loopOwnedState(workspace);
  const changed = LOOP_OWNED_STATE_KEYS.filter(
    (name) => JSON.stringify(now[name]) !== JSON.stringify(snapshot.state[name]),
  );
  return changed.length === 0
    ? []
    : [`state.json: ${changed.join(', ')} changed outside the loop's own writes`];
}

/** The patch that puts the loop-owned keys back as they were (null deletes a key that was absent). */
export function stateRestorePatch(snapshot: RuntimeSnapshot): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const name of LOOP_OWNED_STATE_KEYS) patch[name] = snapshot.state[name] ?? null;
  return patch;
}

/** Puts back the hook policy the run wrote, when something changed or removed it. */
export async function restoreHookPolicy(workspace: Workspace, snapshot: RuntimeSnapshot): Promise<void> {
  if (snapshot.hookPolicy === null || readText(hookPolicyPath(workspace)) === snapshot.hookPolicy) return;
  await writeFileAtomic(hookPolicyPath(workspace), snapshot.hookPolicy);
}

function loopOwnedState(workspace: Workspace): Record<string, unknown> {
  const read = readState(workspace);
  if (read.kind !== 'ok') return {};
  const owned: Record<string, unknown> = {};
  for (const name of LOOP_OWNED_STATE_KEYS) {
    // Replaced whole, not merged: a key the loop never wrote is absent, not undefined.
    if (read.value[name] !== undefined) owned[name] = structuredClone(read.value[name]);
  }
  return owned;
}

function checkLines(name: string, path: string, before: FilePrefix, key: Buffer | null): string[] {
  // Opened the way every runtime reader opens: what the agent may have put there instead is a finding.
  const file = openRegularFile(path);
  if (file.kind === 'missing') {
    return before.size === 0 ? [] : [`${name} was rewritten: lines written before the agent started changed`];
  }
  if (file.kind === 'corrupt') return [`${name} ${file.message}: autoswe did not make it so`];
  try {
    if (file.size < before.size || hashRange(file.fd, before.size) !== before.sha256) {
      return [`${name} was rewritten: lines written before the agent started changed`];
    }
    const added = file.size - before.size;
    // An iteration adds a few signed lines; more than this is not autoswe's, and is not read into memory.
    if (added > MAX_ADDED_BYTES) {
      return [`${name} grew by ${added} bytes while the agent ran: not lines autoswe writes`];
    }
    const findings: string[] = [];
    for (const line of readAt(file.fd, before.size, added).toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      if (!hasValidSignature(key, value)) {
        findings.push(`${name}: a line autoswe did not write: ${terminalLine(line.trim(), 120)}`);
      }
    }
    return findings;
  } finally {
    closeSync(file.fd);
  }
}

/** The most a line file may grow by between the agent's start and the judge (autoswe's own lines: a few kB). */
const MAX_ADDED_BYTES = 8 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

/** The size and sha256 of a line file as the loop leaves it: a file that is missing or odd is empty. */
function prefixOf(path: string): FilePrefix {
  const file = openRegularFile(path);
  if (file.kind !== 'ok') return { size: 0, sha256: EMPTY_SHA256 };
  try {
    return { size: file.size, sha256: hashRange(file.fd, file.size) };
  } finally {
    closeSync(file.fd);
  }
}

/** The sha256 of the first `length` bytes, read in 1 MiB chunks (VERDICTS grows without bound). */
function hashRange(fd: number, length: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(length, 1)));
  let position = 0;
  while (position < length) {
    const got = readSync(fd, chunk, 0, Math.min(chunk.length, length - position), position);
    if (got === 0) break;
    hash.update(chunk.subarray(0, got));
    position += got;
  }
  return hash.digest('hex');
}

/** hook-policy.json's text; null when missing; anything else that is not a readable file compares unequal. */
function readText(path: string): string | null {
  const read = readRuntimeText(path);
  // Beyond what the readers take (a policy the hook would refuse), its size stands for it.
  if (read.kind === 'ok') return read.size > MAX_JSON_BYTES ? `\u0000${read.size} bytes` : read.text;
  return read.kind === 'missing' ? null : `\u0000${read.message}`;
}
