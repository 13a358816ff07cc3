import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative, sep } from 'node:path';
import { array, type Infer, nullable, object, string } from '../runtime/decode.js';
import { readLockManifest, writeLockManifest } from '../runtime/lock-manifest.js';
import {
  appendRuleApplied,
  appendRuleDecision,
  proposalDigest,
  readRulesQueue,
} from '../runtime/rules-queue.js';
import { checkedForWrite, readJsonFile, readRuntimeText, writeJsonAtomic } from '../runtime/store.js';
import type { Workspace } from '../runtime/workspace.js';

/**
 * `<runtime>/rules-apply.json` (docs/RUNTIME.md section 5): what `rules-review apply` is about to do,
 * written before rules.yaml and removed after the last `applied` line. An apply that died in between
 * leaves it; the next apply (under the same lock) finds rules.yaml as intended and completes the work.
 */
export const applyIntentFile = object({
  at: string,
  by: string,
  /** Proposals whose change the new rules.yaml holds. */
  ids: array(string),
  /** Of those, the additive ones nobody had decided: they get an automatic approval line. */
  auto: array(string),
  /** sha256 of rules.yaml before (null: it did not exist) and of the text being written. */
  before_sha256: nullable(string),
  after_sha256: string,
});

export type ApplyIntent = Infer<typeof applyIntentFile>;

export function applyIntentPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, 'rules-apply.json');
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** sha256 of rules.yaml as it is, or null when it does not exist. */
export function rulesYamlHash(workspace: Workspace): string | null {
  const read = readRuntimeText(workspace.paths.rulesYaml, Number.MAX_SAFE_INTEGER);
  return read.kind === 'ok' ? sha256Text(read.text) : null;
}

export async function writeApplyIntent(workspace: Workspace, intent: ApplyIntent): Promise<void> {
  const path = applyIntentPath(workspace);
  await writeJsonAtomic(path, checkedForWrite(path, applyIntentFile, intent));
}

/**
 * rules.yaml changed from `before` to `after` by apply: LOCK.json's entry for it follows, so the loop's
 * next lock-check does not take the operator's own change for tampering. Only when the entry still holds
 * `before` (or rules.yaml was new and unlisted): a rules.yaml someone else changed stays a failing check.
 */
export async function stampRulesInLock(
  workspace: Workspace,
  before: string | null,
  after: string,
): Promise<boolean> {
  const read = readLockManifest(workspace);
  if (read.kind !== 'ok') return false;
  const key = relative(workspace.root, workspace.paths.rulesYaml).split(sep).join('/');
  const locked = read.value.files[key];
  if (locked === after) return true;
  if (locked !== before && !(locked === undefined && before === null)) return false;
  await writeLockManifest(workspace, {
    ...read.value,
    at: new Date().toISOString(),
    files: { ...read.value.files, [key]: after },
  });
  return true;
}

/** Appends what the intent's proposals still lack (an automatic approval, the `applied` line). */
export function recordApplied(workspace: Workspace, intent: ApplyIntent, at: string): void {
  const records = new Map(readRulesQueue(workspace).records.map((record) => [record.proposal.id, record]));
  for (const id of intent.ids) {
    const record = records.get(id);
    if (record === undefined || record.applied !== null) continue;
    if (record.decision === null && intent.auto.includes(id)) {
      appendRuleDecision(workspace, {
        type: 'decision',
        id,
        at,
        decision: 'approved',
        by: intent.by,
        note: 'auto-applied (additive)',
        via: 'apply',
        host: hostname(),
        proposal_sha: proposalDigest(record.proposal),
      });
    }
    appendRuleApplied(workspace, { type: 'applied', id, at });
  }
}

/**
 * Completes an apply that died after writing rules.yaml (the caller holds the lock): when rules.yaml is
 * the text the intent names, LOCK.json is stamped and the missing lines appended; otherwise rules.yaml
 * was never written and the intent is dropped. Returns the ids completed.
 */
export async function completeInterruptedApply(workspace: Workspace, now: Date): Promise<string[]> {
  const path = applyIntentPath(workspace);
  const read = readJsonFile(path, applyIntentFile);
  if (read.kind === 'missing') return [];
  let completed: string[] = [];
  if (read.kind === 'ok' && rulesYamlHash(workspace) === read.value.after_sha256) {
    const intent = read.value;
    await stampRulesInLock(workspace, intent.before_sha256, intent.after_sha256);
    const pending = new Set(
      readRulesQueue(workspace)
        .records.filter((record) => record.applied === null)
        .map((record) => record.proposal.id),
    );
    completed = intent.ids.filter((id) => pending.has(id));
    recordApplied(workspace, intent, now.toISOString());
  }
  rmSync(path, { force: true });
  return completed;
}
