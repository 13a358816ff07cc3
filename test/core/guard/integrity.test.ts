import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkRuntimeFiles,
  checkState,
  restoreHookPolicy,
  stateRestorePatch,
  takeSnapshot,
} from '../../../src/core/guard/integrity.js';
import { hookPolicyPath } from '../../../src/core/runtime/hook-policy.js';
import { appendRuleProposal } from '../../../src/core/runtime/rules-queue.js';
import { canonicalJson, hasValidSignature, signingKey } from '../../../src/core/runtime/signing.js';
import { mergeState, readState } from '../../../src/core/runtime/state.js';
import { appendVerdict } from '../../../src/core/runtime/verdicts.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { tempWorkspace } from '../../helpers/workspace.js';

const verdict = {
  at: '2026-12-02T00:00:00.000Z',
  epoch: 0,
  iter: 1,
  module: 'calc',
  verdict: 'REVISE' as const,
  reason: 'no change',
};

describe('runtime-dir integrity', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(async () => {
    ({ workspace, cleanup } = tempWorkspace());
    appendVerdict(workspace, verdict);
    writeFileSync(hookPolicyPath(workspace), '{"protected_globs":["rules.yaml"]}\n');
    await mergeState(workspace, { iter: 1, epoch: 0, run: 'r1', status: 'RUNNING' });
  });
  afterEach(() => cleanup());

  it("finds nothing when only autoswe's own signed lines were added", () => {
    const snapshot = takeSnapshot(workspace);
    appendVerdict(workspace, { ...verdict, iter: 2 });
    appendRuleProposal(workspace, {
      type: 'proposal',
      id: 'r-1',
      at: verdict.at,
      kind: 'additive',
      text: 't',
      rationale: '',
      target: null,
      source: 'meta-judge',
    });
    expect(checkRuntimeFiles(workspace, snapshot)).toEqual([]);
  });

  it('names a line nobody signed, a rewritten earlier line, a changed hook policy', () => {
    const snapshot = takeSnapshot(workspace);
    appendFileSync(workspace.paths.verdicts, `${JSON.stringify({ ...verdict, verdict: 'ACCEPT' })}\n`);
    appendFileSync(workspace.paths.rulesQueue, 'not even json\x1b[2J\n');
    // A copied signature does not fit another line.
    const signedLine = JSON.parse(readFileSync(workspace.paths.verdicts, 'utf8').split('\n')[0] ?? '');
    appendFileSync(workspace.paths.verdicts, `${JSON.stringify({ ...signedLine, iter: 7 })}\n`);
    writeFileSync(hookPolicyPath(workspace), '{"protected_globs":[]}\n');
    const findings = checkRuntimeFiles(workspace, snapshot);
    expect(findings).toEqual([
      expect.stringMatching(/^VERDICTS: a line autoswe did not write: \{"at".*"ACCEPT"/),
      expect.stringMatching(/^VERDICTS: a line autoswe did not write: .*"iter":7/),
      expect.stringMatching(/^RULES_QUEUE: a line autoswe did not write: not even json/),
      'hook-policy.json was changed (the loop writes it once, at run start)',
    ]);
    // Control characters are not carried into the reason.
    expect(findings[2]).not.toContain(String.fromCharCode(27));
    writeFileSync(workspace.paths.verdicts, '');
    expect(checkRuntimeFiles(workspace, snapshot)[0]).toBe(
      'VERDICTS was rewritten: lines written before the agent started changed',
    );
  });

  it('a FIFO or a symbolic link put where a line file or the policy was is a finding, never a wait', () => {
    const snapshot = takeSnapshot(workspace);
    rmSync(workspace.paths.verdicts);
    execFileSync('mkfifo', [workspace.paths.verdicts]);
    const elsewhere = join(workspace.root, 'elsewhere');
    writeFileSync(elsewhere, readFileSync(hookPolicyPath(workspace)));
    rmSync(hookPolicyPath(workspace));
    symlinkSync(elsewhere, hookPolicyPath(workspace));
    writeFileSync(join(workspace.root, 'queue'), '');
    symlinkSync(join(workspace.root, 'queue'), workspace.paths.rulesQueue);
    expect(checkRuntimeFiles(workspace, snapshot)).toEqual([
      'VERDICTS is not a regular file: autoswe did not make it so',
      'RULES_QUEUE is a symbolic link (autoswe does not follow links in the runtime files): autoswe did not make it so',
      'hook-policy.json was changed (the loop writes it once, at run start)',
    ]);
  });

  it('a line file grown by more than autoswe writes in an iteration is a finding, not read into memory', () => {
    const snapshot = takeSnapshot(workspace);
    const size = readFileSync(workspace.paths.verdicts).length;
    truncateSync(workspace.paths.verdicts, size + 9 * 1024 * 1024);
    expect(checkRuntimeFiles(workspace, snapshot)).toEqual([
      `VERDICTS grew by ${9 * 1024 * 1024} bytes while the agent ran: not lines autoswe writes`,
    ]);
    // A line file removed that had lines is a rewrite; one that never had any may stay absent.
    truncateSync(workspace.paths.verdicts, size);
    renameSync(workspace.paths.verdicts, join(workspace.root, 'gone'));
    expect(checkRuntimeFiles(workspace, snapshot)).toEqual([
      'VERDICTS was rewritten: lines written before the agent started changed',
    ]);
  });

  it('puts the hook policy back', async () => {
    const snapshot = takeSnapshot(workspace);
    writeFileSync(hookPolicyPath(workspace), '{"protected_globs":[]}\n');
    await restoreHookPolicy(workspace, snapshot);
    expect(checkRuntimeFiles(workspace, snapshot)).toEqual([]);
  });

  it("flags loop-owned state keys changed by anyone else, not the operator's status or autonomy", async () => {
    const snapshot = takeSnapshot(workspace);
    await mergeState(workspace, { status: 'PAUSED', reason: 'operator', autonomous: true });
    expect(checkState(workspace, snapshot)).toEqual([]);
    await mergeState(workspace, { iter: 42, judge: { status: 'ACCEPT' } });
    expect(checkState(workspace, snapshot)).toEqual([
      "state.json: iter, judge changed outside the loop's own writes",
    ]);
    await mergeState(workspace, stateRestorePatch(snapshot));
    expect(checkState(workspace, snapshot)).toEqual([]);
    const state = readState(workspace);
    expect(state.kind === 'ok' && state.value.judge).toBe(undefined);
  });

  it('signatures cover the canonical JSON of the line without its sig', () => {
    const key = signingKey(workspace);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    expect(hasValidSignature(key, { a: 1 })).toBe(false);
    expect(hasValidSignature(key, { a: 1, sig: 'x'.repeat(64) })).toBe(false);
    expect(hasValidSignature(null, { a: 1, sig: '0'.repeat(64) })).toBe(false);
  });
});
