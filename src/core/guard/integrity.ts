import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { terminalLine } from '../../base/terminal-text.js';
import { hookPolicyPath } from '../runtime/hook-policy.js';
import { existingKey, hasValidSignature } from '../runtime/signing.js';
import { readState } from '../runtime/state.js';
import { writeFileAtomic } from '../runtime/store.js';
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

export function takeSnapshot(workspace: Workspace): RuntimeSnapshot {
  return {
    verdicts: prefixOf(readBytes(workspace.paths.verdicts)),
    rulesQueue: prefixOf(readBytes(workspace.paths.rulesQueue)),
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
  if (readText(hookPolicyPath(workspace)) !== snapshot.hookPolicy) {
    findings.push('hook-policy.json was changed (the loop writes it once, at run start)');
  }
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
  const bytes = readBytes(path);
  if (bytes.length < before.size || prefixOf(bytes.subarray(0, before.size)).sha256 !== before.sha256) {
    return [`${name} was rewritten: lines written before the agent started changed`];
  }
  const findings: string[] = [];
  for (const line of bytes.subarray(before.size).toString('utf8').split('\n')) {
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
}

function prefixOf(bytes: Buffer): FilePrefix {
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
