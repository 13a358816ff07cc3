import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyIntentPath,
  rulesYamlHash,
  sha256Text,
  writeApplyIntent,
} from '../../../src/core/rules/apply-intent.js';
import { applyRules } from '../../../src/core/rules/rules-yaml.js';
import { readLockManifest, writeLockManifest } from '../../../src/core/runtime/lock-manifest.js';
import { appendRuleProposal, readRulesQueue } from '../../../src/core/runtime/rules-queue.js';
import { tempWorkspace } from '../../helpers/workspace.js';

const NOW = new Date('2026-12-02T12:00:00.000Z');
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup() {
  const made = tempWorkspace();
  cleanup = made.cleanup;
  const ws = made.workspace;
  const old = '# rules\n- id: r1\n  text: keep it\n';
  writeFileSync(ws.paths.rulesYaml, old);
  appendRuleProposal(ws, {
    type: 'proposal',
    id: 'p1',
    at: NOW.toISOString(),
    kind: 'additive',
    text: 'never print secrets',
    rationale: 'seen twice',
    target: null,
    source: 'built-in',
  });
  return { ws, old };
}

describe('rules-review apply', () => {
  it("updates LOCK.json's entry for rules.yaml under the lock, so the next lock-check passes", async () => {
    const { ws, old } = setup();
    await writeLockManifest(ws, {
      at: NOW.toISOString(),
      files: { 'rules.yaml': sha256Text(old), other: 'x' },
    });
    const outcome = await applyRules(ws, 'op', NOW);
    expect(outcome.applied.map((proposal) => proposal.id)).toEqual(['p1']);
    const lock = readLockManifest(ws);
    expect(lock.kind === 'ok' && lock.value.files).toEqual({ 'rules.yaml': rulesYamlHash(ws), other: 'x' });
    expect(existsSync(applyIntentPath(ws))).toBe(false);
  });

  it('leaves LOCK.json alone when rules.yaml had already been changed by someone else (still a failing check)', async () => {
    const { ws } = setup();
    await writeLockManifest(ws, { at: NOW.toISOString(), files: { 'rules.yaml': 'not-the-hash' } });
    await applyRules(ws, 'op', NOW);
    const lock = readLockManifest(ws);
    expect(lock.kind === 'ok' && lock.value.files['rules.yaml']).toBe('not-the-hash');
  });

  it('completes an apply that died between rules.yaml and the applied line, without applying twice', async () => {
    const { ws, old } = setup();
    await writeLockManifest(ws, { at: NOW.toISOString(), files: { 'rules.yaml': sha256Text(old) } });
    const queueBefore = readFileSync(ws.paths.rulesQueue, 'utf8');
    const lockBefore = readFileSync(ws.paths.lockManifest, 'utf8');
    await applyRules(ws, 'op', NOW);
    const rulesAfter = readFileSync(ws.paths.rulesYaml, 'utf8');
    // As a kill after rules.yaml was replaced leaves it: the intent, the new rules.yaml, old LOCK.json and queue.
    writeFileSync(ws.paths.rulesQueue, queueBefore);
    writeFileSync(ws.paths.lockManifest, lockBefore);
    await writeApplyIntent(ws, {
      at: NOW.toISOString(),
      by: 'op',
      ids: ['p1'],
      auto: ['p1'],
      before_sha256: sha256Text(old),
      after_sha256: sha256Text(rulesAfter),
    });
    const again = await applyRules(ws, 'op', NOW);
    expect(again).toEqual({ applied: [], skipped: [], completed: ['p1'] });
    expect(readFileSync(ws.paths.rulesYaml, 'utf8')).toBe(rulesAfter);
    const record = readRulesQueue(ws).records[0];
    expect(record?.decision?.decision).toBe('approved');
    expect(record?.applied).not.toBeNull();
    const lock = readLockManifest(ws);
    expect(lock.kind === 'ok' && lock.value.files['rules.yaml']).toBe(sha256Text(rulesAfter));
    expect(existsSync(applyIntentPath(ws))).toBe(false);
    expect(await applyRules(ws, 'op', NOW)).toEqual({ applied: [], skipped: [] });
  });

  it('drops the intent of an apply that died before writing rules.yaml, and applies normally', async () => {
    const { ws, old } = setup();
    await writeApplyIntent(ws, {
      at: NOW.toISOString(),
      by: 'op',
      ids: ['p1'],
      auto: ['p1'],
      before_sha256: sha256Text(old),
      after_sha256: 'never-written',
    });
    const outcome = await applyRules(ws, 'op', NOW);
    expect(outcome.applied.map((proposal) => proposal.id)).toEqual(['p1']);
    expect(outcome.completed).toBeUndefined();
    expect(readFileSync(ws.paths.rulesYaml, 'utf8')).toContain('never print secrets');
  });
});
