import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutosweError } from '../../../src/base/errors.js';
import { applyRules, readRules } from '../../../src/core/rules/rules-yaml.js';
import {
  appendRuleProposal,
  countPendingRules,
  decideRule,
  parseRuleEvent,
  parseRulesQueue,
  pendingRules,
  type RuleProposal,
  readPendingRuleCounts,
  readRulesQueue,
} from '../../../src/core/runtime/rules-queue.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { JUNK, truncations, without } from '../../helpers/bad-input.js';
import { tempWorkspace } from '../../helpers/workspace.js';

function proposal(id: string, kind: RuleProposal['kind'], target: string | null = null): RuleProposal {
  return {
    type: 'proposal',
    id,
    at: '2026-11-23T22:00:00.000Z',
    kind,
    text: `text of ${id}`,
    rationale: `why ${id}`,
    target,
    source: 'meta-judge',
  };
}

let workspace: Workspace;
let cleanup = () => {};

describe('rules queue', () => {
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
  });
  afterEach(() => cleanup());

  const queueLines = () =>
    readFileSync(workspace.paths.rulesQueue, 'utf8')
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));

  it('counts proposals without a decision as pending, additive ones as auto-applicable', async () => {
    appendRuleProposal(workspace, proposal('r-1', 'additive'));
    appendRuleProposal(workspace, proposal('r-2', 'relaxation', 'r-0'));
    appendRuleProposal(workspace, proposal('r-3', 'removal', 'r-0'));
    writeFileSync(workspace.paths.rulesQueue, 'broken line\n', { flag: 'a' });
    expect(countPendingRules(readRulesQueue(workspace))).toEqual({
      pending: 3,
      autoApplicable: 1,
      needsApproval: 2,
    });
    await decideRule(workspace, { id: 'r-2', decision: 'rejected', by: 'ann', note: 'too loose' });
    const queue = readRulesQueue(workspace);
    expect(pendingRules(queue).map((record) => record.proposal.id)).toEqual(['r-1', 'r-3']);
    expect(queue.malformed).toEqual(['broken line']);
    expect(queueLines()[3]).toMatchObject({
      type: 'decision',
      id: 'r-2',
      decision: 'rejected',
      by: 'ann',
      note: 'too loose',
    });
  });

  it('keeps pending counts per version of RULES_QUEUE and never serves stale ones', async () => {
    expect(readPendingRuleCounts(workspace)).toEqual({ pending: 0, autoApplicable: 0, needsApproval: 0 });
    appendRuleProposal(workspace, proposal('r-1', 'additive'));
    appendRuleProposal(workspace, proposal('r-2', 'removal', 'r-0'));
    expect(readPendingRuleCounts(workspace)).toEqual({ pending: 2, autoApplicable: 1, needsApproval: 1 });
    expect(readPendingRuleCounts(workspace)).toEqual({ pending: 2, autoApplicable: 1, needsApproval: 1 });
    await decideRule(workspace, { id: 'r-2', decision: 'approved', by: 'ann' });
    expect(readPendingRuleCounts(workspace)).toEqual({ pending: 1, autoApplicable: 1, needsApproval: 0 });
  });

  it('refuses to decide an unknown or an already decided id with a usage error', async () => {
    appendRuleProposal(workspace, proposal('r-1', 'additive'));
    await expect(decideRule(workspace, { id: 'r-9', decision: 'approved', by: 'ann' })).rejects.toThrow(
      /no rule proposal with id 'r-9'/,
    );
    await decideRule(workspace, { id: 'r-1', decision: 'approved', by: 'ann' });
    const again = decideRule(workspace, { id: 'r-1', decision: 'rejected', by: 'bob' });
    await expect(again).rejects.toThrow(/rule proposal 'r-1' was already approved by ann/);
    await expect(again).rejects.toSatisfy((error) => error instanceof AutosweError && error.exitCode === 2);
  });

  it('apply writes approved and additive proposals into rules.yaml and appends applied lines', async () => {
    writeFileSync(
      workspace.paths.rulesYaml,
      '# my rules\n- id: r-0\n  text: never touch tests\n- id: r-00\n  text: keep the API\n',
    );
    appendRuleProposal(workspace, proposal('r-1', 'additive'));
    appendRuleProposal(workspace, proposal('r-2', 'relaxation', 'r-0'));
    appendRuleProposal(workspace, proposal('r-3', 'removal', 'r-00'));
    appendRuleProposal(workspace, proposal('r-4', 'removal', 'r-0'));
    appendRuleProposal(workspace, proposal('r-5', 'additive'));
    await decideRule(workspace, { id: 'r-2', decision: 'approved', by: 'ann' });
    await decideRule(workspace, { id: 'r-3', decision: 'approved', by: 'ann' });
    await decideRule(workspace, { id: 'r-5', decision: 'rejected', by: 'ann' });

    const outcome = await applyRules(workspace, 'ann', new Date('2026-11-24T00:00:00.000Z'));
    expect(outcome.applied.map((item) => item.id)).toEqual(['r-1', 'r-2', 'r-3']);
    expect(outcome.skipped).toEqual([]);
    const rules = await readRules(workspace);
    expect(rules.map((rule) => [rule.id, rule.text])).toEqual([
      ['r-0', 'text of r-2'],
      ['r-1', 'text of r-1'],
    ]);
    expect(readFileSync(workspace.paths.rulesYaml, 'utf8').startsWith('# my rules\n')).toBe(true);
    const applied = queueLines().filter((line) => line.type === 'applied');
    expect(applied.map((line) => line.id)).toEqual(['r-1', 'r-2', 'r-3']);
    // r-4 still needs an operator; r-1 got an automatic approval so it is no longer pending.
    expect(pendingRules(readRulesQueue(workspace)).map((record) => record.proposal.id)).toEqual(['r-4']);
    // Applying again changes nothing.
    expect(await applyRules(workspace, 'ann')).toEqual({ applied: [], skipped: [] });
  });

  it('apply skips an approved change whose target rule is missing, and says why', async () => {
    appendRuleProposal(workspace, proposal('r-1', 'removal', 'r-404'));
    await decideRule(workspace, { id: 'r-1', decision: 'approved', by: 'ann' });
    const outcome = await applyRules(workspace, 'ann');
    expect(outcome.applied).toEqual([]);
    expect(outcome.skipped[0]?.why).toContain("'r-404' is not in rules.yaml");
  });
});

describe('RULES_QUEUE line decoding', () => {
  const full = { ...proposal('r-1', 'relaxation', 'r-0'), key: 'revert:parser:x', extra: [1] };
  const decision = {
    type: 'decision',
    id: 'r-1',
    at: '2026-11-24T00:00:00.000Z',
    decision: 'approved',
    by: 'ann',
    note: null,
  };
  const applied = { type: 'applied', id: 'r-1', at: '2026-11-24T00:00:00.000Z' };

  it('reads each event with every key, unknown keys of proposals kept', () => {
    expect(parseRuleEvent(JSON.stringify(full))).toEqual(full);
    expect(parseRuleEvent(JSON.stringify(decision))).toEqual(decision);
    expect(parseRuleEvent(JSON.stringify(applied))).toEqual(applied);
  });

  it('fills in the keys a hand-written line may leave out', () => {
    expect(parseRuleEvent('{"type":"proposal","id":"r-1","kind":"additive","text":"t"}')).toEqual({
      type: 'proposal',
      id: 'r-1',
      at: '',
      kind: 'additive',
      text: 't',
      rationale: '',
      target: null,
      source: 'unknown',
    });
    expect(parseRuleEvent('{"type":"decision","id":"r-1","decision":"rejected"}')).toEqual({
      type: 'decision',
      id: 'r-1',
      at: '',
      decision: 'rejected',
      by: 'unknown',
      note: null,
    });
    expect(parseRuleEvent('{"type":"applied","id":"r-1"}')).toEqual({ type: 'applied', id: 'r-1', at: '' });
  });

  it.each([
    ['proposal', full, { type: 'rule' }],
    ['proposal', full, { id: '' }],
    ['proposal', full, { id: 7 }],
    ['proposal', full, { at: 0 }],
    ['proposal', full, { kind: 'sideways' }],
    ['proposal', full, { text: null }],
    ['proposal', full, { rationale: 5 }],
    ['proposal', full, { target: 5 }],
    ['proposal', full, { source: {} }],
    ['proposal', full, { key: [] }],
    ['decision', decision, { decision: 'maybe' }],
    ['decision', decision, { by: 1 }],
    ['decision', decision, { note: false }],
    ['applied', applied, { at: 1 }],
  ])('a %s line with %j is kept as text', (_type, line, patch) => {
    const text = JSON.stringify({ ...line, ...patch });
    expect(parseRuleEvent(text)).toBeUndefined();
    expect(parseRulesQueue(`${text}\n`)).toEqual({ records: [], malformed: [text] });
  });

  it.each([
    ['proposal', full, 'type'],
    ['proposal', full, 'id'],
    ['proposal', full, 'kind'],
    ['proposal', full, 'text'],
    ['decision', decision, 'decision'],
    ['applied', applied, 'id'],
  ])('a %s line without %s is kept as text', (_type, line, key) => {
    expect(parseRuleEvent(JSON.stringify(without(line, key)))).toBeUndefined();
  });

  it('junk and truncated lines are kept as text, never fatal; the valid lines around them still count', () => {
    const bad = [...JUNK.map((text) => text.trim()), ...truncations(JSON.stringify(full))];
    const text = [JSON.stringify(full), ...bad, JSON.stringify(decision)].join('\n');
    const queue = parseRulesQueue(text);
    expect(queue.records).toEqual([{ proposal: full, decision, applied: null }]);
    expect(queue.malformed).toEqual(bad.filter((line) => line.trim() !== ''));
  });

  it('its writers refuse a line readers would keep as text, and append nothing', () => {
    ({ workspace, cleanup } = tempWorkspace());
    try {
      expect(() => appendRuleProposal(workspace, { ...full, id: '' })).toThrow(
        'id: expected a non-empty string, got ""',
      );
      expect(readRulesQueue(workspace)).toEqual({ records: [], malformed: [] });
    } finally {
      cleanup();
    }
  });
});
