import { resolve } from 'node:path';
import {
  checkRuntimeFiles,
  checkState,
  HOOK_POLICY_CHANGED,
  type RuntimeSnapshot,
  restoreHookPolicy,
  stateRestorePatch,
} from '../core/guard/integrity.js';
import { readConfigVersion, readHookPolicy } from '../core/runtime/hook-policy.js';
import { overfittingNotes, readParity, summarizeParity } from '../core/runtime/parity.js';
import { pause } from '../core/runtime/sentinels.js';
import { mergeState } from '../core/runtime/state.js';
import type { Verdict } from '../core/runtime/verdicts.js';
import { policyFromConfig } from './hook-policy.js';
import type { LoopRun } from './loop-run.js';

/** The iteration's guards over the loop's own files and hold-out cells (docs/SECURITY.md). */

/** state.json's loop-owned keys after the agent: a change is a finding, and they are put back at once. */
export async function stateTampering(run: LoopRun, snapshot: RuntimeSnapshot): Promise<string[]> {
  const findings = checkState(run.workspace, snapshot);
  if (findings.length > 0) await mergeState(run.workspace, stateRestorePatch(snapshot));
  return findings;
}

/**
 * The line files and hook-policy.json since `snapshot` (core/guard/integrity.ts). One change to the policy is
 * not a forgery: the hook's own rebuild after the operator edited the config mid-run (docs/RUNTIME.md
 * section 12), recognised by deriving the policy from the config as it is now and finding the same
 * protected set, for those very bytes of the config.
 */
export async function runtimeFileTampering(run: LoopRun, snapshot: RuntimeSnapshot): Promise<string[]> {
  const findings = checkRuntimeFiles(run.workspace, snapshot);
  if (!findings.includes(HOOK_POLICY_CHANGED) || !(await isHooksOwnRebuild(run))) return findings;
  run.log(`iter ${run.iter}: hook-policy.json was rebuilt by the hook for the edited config`);
  return findings.filter((finding) => finding !== HOOK_POLICY_CHANGED);
}

async function isHooksOwnRebuild(run: LoopRun): Promise<boolean> {
  try {
    const read = readHookPolicy(run.workspace);
    if (read.kind !== 'ok') return false;
    const config = resolve(run.config.file);
    const policy = read.value;
    if (policy.config !== config || policy.root !== run.workspace.root) return false;
    const version = readConfigVersion(config);
    if (policy.config_sha256 !== version.sha256) return false;
    const derived = await policyFromConfig(run.workspace, config, version);
    const same = (a: readonly string[], b: readonly string[]) =>
      JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
    return (
      policy.target === derived.target &&
      same(policy.protected_globs, derived.protected_globs) &&
      same(policy.protected_files, derived.protected_files)
    );
  } catch {
    return false;
  }
}

/**
 * Something wrote the loop's own files (docs/SECURITY.md): the iteration is already reverted; the hook
 * policy is put back, and the loop holds hard (the hook denies every tool call meanwhile) until the
 * operator has looked and resumes.
 */
export async function holdTampered(
  run: LoopRun,
  snapshot: RuntimeSnapshot,
  findings: readonly string[],
): Promise<void> {
  await restoreHookPolicy(run.workspace, snapshot);
  const reason = `runtime dir tampered with in iteration ${run.iter} (${findings.join('; ')}); the iteration was reverted. Look at VERDICTS, RULES_QUEUE and the transcript, then 'autoswe resume'`;
  run.log(`pausing hard: ${reason}`);
  await pause(run.workspace, { hard: true, reason, user: 'autoswe' });
}

/** The verdict's `overfitting`: modules whose visible cells are GREEN and hold-out cells RED (parity as judged). */
export function overfittingField(run: LoopRun): Partial<Verdict> {
  const read = readParity(run.workspace);
  if (read.kind !== 'ok') return {};
  const notes = overfittingNotes(summarizeParity(read.value));
  return notes.length > 0 ? { overfitting: notes } : {};
}
