import {
  checkState,
  type RuntimeSnapshot,
  restoreHookPolicy,
  stateRestorePatch,
} from '../core/guard/integrity.js';
import { overfittingNotes, readParity, summarizeParity } from '../core/runtime/parity.js';
import { pause } from '../core/runtime/sentinels.js';
import { mergeState } from '../core/runtime/state.js';
import type { Verdict } from '../core/runtime/verdicts.js';
import type { LoopRun } from './loop-run.js';

/** The iteration's guards over the loop's own files and hold-out cells (docs/SECURITY.md). */

/** state.json's loop-owned keys after the agent: a change is a finding, and they are put back at once. */
export async function stateTampering(run: LoopRun, snapshot: RuntimeSnapshot): Promise<string[]> {
  const findings = checkState(run.workspace, snapshot);
  if (findings.length > 0) await mergeState(run.workspace, stateRestorePatch(snapshot));
  return findings;
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
