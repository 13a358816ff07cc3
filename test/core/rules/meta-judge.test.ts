import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metaJudgePass, repeatedRevertProposer } from '../../../src/core/rules/meta-judge.js';
import { commandProposer, parseProposals } from '../../../src/core/rules/meta-judge-command.js';
import { readRulesQueue } from '../../../src/core/runtime/rules-queue.js';
import { type Workspace, workspaceAt } from '../../../src/core/runtime/workspace.js';
import { tempDir } from '../../helpers/cli.js';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const SETTINGS = { window: 50, revertThreshold: 3 };

describe('meta-judge', () => {
  let dir: { dir: string; cleanup: () => void };
  let ws: Workspace;
  let ids = 0;

  beforeEach(() => {
    dir = tempDir();
    ws = workspaceAt(dir.dir, {});
    mkdirSync(ws.runtimeDir, { recursive: true });
    ids = 0;
  });
  afterEach(() => dir.cleanup());

  const verdict = (
    iter: number,
    module: string,
    kind: string,
    reason: string,
    at = `2026-11-24T10:${String(iter).padStart(2, '0')}:00.000Z`,
  ) =>
    appendFileSync(
      ws.paths.verdicts,
      `${JSON.stringify({ at, epoch: 0, iter, module, verdict: kind, reason })}\n`,
    );
  const builtIn = () =>
    metaJudgePass(ws, SETTINGS, {
      source: 'built-in',
      proposer: repeatedRevertProposer(SETTINGS),
      now: () => NOW,
      newId: () => `r-test${++ids}`,
    });
  const queueLines = () =>
    readFileSync(ws.paths.rulesQueue, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

  it('proposes an additive rule, with its rationale, after repeated REVERTs on one module for the same reason', async () => {
    verdict(1, 'parser', 'REVERT', 'lock-check failed: 2 protected files changed');
    verdict(2, 'parser', 'ACCEPT', '3 cells RED→GREEN');
    verdict(3, 'parser', 'REVERT', 'lock-check failed: 1 protected files changed');
    verdict(4, 'lexer', 'REVERT', 'lock-check failed: 1 protected files changed');
    verdict(5, 'parser', 'REVERT', 'lock-check failed: 3 protected files changed');
    const report = await builtIn();
    expect(report.considered).toBe(5);
    expect(report.proposed).toHaveLength(1);
    const [line] = queueLines();
    expect(line).toMatchObject({
      type: 'proposal',
      id: 'r-test1',
      at: NOW.toISOString(),
      kind: 'additive',
      target: null,
      source: 'meta-judge',
      text: "When working on module 'parser', make sure the change cannot end like this again: lock-check failed: 3 protected files changed",
    });
    expect(line.rationale).toBe(
      `3 REVERT verdicts on module 'parser' for the same reason ("lock-check failed: 3 protected files changed") within the last 50 verdicts (epoch.iter 0.1, 0.3, 0.5); the threshold is 3.`,
    );
  });

  it('proposes nothing below the threshold, for different reasons, or for REVISE verdicts', async () => {
    verdict(1, 'parser', 'REVERT', 'regression in cell a');
    verdict(2, 'parser', 'REVERT', 'timeout of the agent');
    verdict(3, 'parser', 'REVISE', 'regression in cell a');
    verdict(4, 'parser', 'REVISE', 'regression in cell a');
    const report = await builtIn();
    expect(report.proposed).toEqual([]);
  });

  it('never duplicates a pending proposal, however often it runs', async () => {
    for (let iter = 1; iter <= 3; iter++) verdict(iter, 'parser', 'REVERT', 'same reason');
    await builtIn();
    const again = await builtIn();
    expect(again.proposed).toEqual([]);
    expect(again.skipped).toEqual([
      { text: expect.stringContaining("'parser'"), why: 'already pending as r-test1' },
    ]);
    expect(queueLines()).toHaveLength(1);
  });

  it('only looks at the last `window` verdicts', async () => {
    for (let iter = 1; iter <= 3; iter++) verdict(iter, 'parser', 'REVERT', 'same reason');
    for (let iter = 4; iter <= 6; iter++) verdict(iter, 'parser', 'ACCEPT', 'fine');
    const report = await metaJudgePass(
      ws,
      { window: 3, revertThreshold: 3 },
      {
        source: 'built-in',
        proposer: repeatedRevertProposer({ window: 3, revertThreshold: 3 }),
      },
    );
    expect(report.considered).toBe(3);
    expect(report.proposed).toEqual([]);
  });

  it('after a rejection, proposes the same rule again only on new REVERTs since the decision', async () => {
    for (let iter = 1; iter <= 3; iter++) verdict(iter, 'parser', 'REVERT', 'same reason');
    await builtIn();
    appendFileSync(
      ws.paths.rulesQueue,
      `${JSON.stringify({ type: 'decision', id: 'r-test1', at: '2026-11-24T10:30:00.000Z', decision: 'rejected', by: 'op', note: null })}\n`,
    );
    expect((await builtIn()).proposed).toEqual([]);
    for (let iter = 40; iter <= 42; iter++) verdict(iter, 'parser', 'REVERT', 'same reason');
    const report = await builtIn();
    expect(report.proposed).toHaveLength(1);
    expect(report.proposed[0]?.rationale).toContain(
      'since the previous proposal was rejected at 2026-11-24T10:30:00.000Z',
    );
  });

  it('skips raw, unparsable VERDICTS lines without failing', async () => {
    appendFileSync(ws.paths.verdicts, 'not json at all\n');
    for (let iter = 1; iter <= 3; iter++) verdict(iter, 'parser', 'REVERT', 'same reason');
    const report = await builtIn();
    expect(report.considered).toBe(3);
    expect(report.proposed).toHaveLength(1);
  });

  it('a configured command gets the verdicts on stdin and its proposals are appended', async () => {
    verdict(1, 'parser', 'REVERT', 'x');
    const script = join(dir.dir, 'judge.mjs');
    writeFileSync(
      script,
      `let input = '';
process.stdin.on('data', (c) => (input += c)).on('end', () => {
  const data = JSON.parse(input);
  console.log(JSON.stringify({ proposals: [
    { kind: 'additive', text: 'Run the parser tests before finishing', rationale: 'saw ' + data.verdicts.length + ' verdict(s), window ' + data.window },
    { kind: 'relaxation', text: 'Allow touching fixtures', rationale: 'needed', target: 'r-old' },
  ] }));
});`,
    );
    const proposer = commandProposer([process.execPath, script], dir.dir, SETTINGS, process.env);
    const options = { source: 'command' as const, proposer, now: () => NOW, newId: () => `r-c${++ids}` };
    const report = await metaJudgePass(ws, SETTINGS, options);
    expect(report.proposed.map((proposal) => [proposal.kind, proposal.rationale, proposal.target])).toEqual([
      ['additive', 'saw 1 verdict(s), window 50', null],
      ['relaxation', 'needed', 'r-old'],
    ]);
    expect(readRulesQueue(ws).records).toHaveLength(2);
    const again = await metaJudgePass(ws, SETTINGS, options);
    expect(again.proposed).toEqual([]);
    expect(readRulesQueue(ws).records).toHaveLength(2);
    // A rejected proposal stays rejected when the command proposes it again.
    appendFileSync(
      ws.paths.rulesQueue,
      `${JSON.stringify({ type: 'decision', id: 'r-c1', at: NOW.toISOString(), decision: 'rejected', by: 'op', note: null })}\n`,
    );
    const afterRejection = await metaJudgePass(ws, SETTINGS, options);
    expect(afterRejection.proposed).toEqual([]);
    expect(afterRejection.skipped[0]?.why).toBe(`rejected as r-c1 by op at ${NOW.toISOString()}`);
  });

  it('a failing command is an error naming it, and nothing is appended', async () => {
    const proposer = commandProposer(['sh', '-c', 'echo boom >&2; exit 3'], dir.dir, SETTINGS, process.env);
    await expect(metaJudgePass(ws, SETTINGS, { source: 'command', proposer })).rejects.toThrow(
      'meta_judge.command (sh -c echo boom >&2; exit 3) failed: boom',
    );
    expect(readRulesQueue(ws).records).toEqual([]);
  });
});

describe('commandProposer failures are one-line errors', () => {
  const input = { verdicts: [], records: [] } as const;
  const run = (command: string[], timeoutMs?: number) =>
    commandProposer(command, process.cwd(), SETTINGS, process.env, timeoutMs)(input.verdicts, input.records);

  it('names a command that cannot run', async () => {
    await expect(run(['/nonexistent/proposer'])).rejects.toThrow(
      /^meta_judge\.command \(\/nonexistent\/proposer\) could not run: \/nonexistent\/proposer: command not found$/,
    );
  });

  it('stops a command that runs past its deadline', async () => {
    await expect(run(['sleep', '30'], 300)).rejects.toThrow(
      'meta_judge.command (sleep 30) did not finish within 0 s',
    );
  });
});

describe('parseProposals (meta_judge.command output)', () => {
  it('accepts {"proposals":[…]} and a bare array', () => {
    const one = { kind: 'additive', text: 't', rationale: 'r' };
    expect(parseProposals(JSON.stringify({ proposals: [one] }))).toHaveLength(1);
    expect(parseProposals(JSON.stringify([one]))[0]).toMatchObject({
      kind: 'additive',
      text: 't',
      target: null,
    });
    expect(parseProposals('{"proposals":[]}')).toEqual([]);
  });

  it('names the first problem by its path', () => {
    expect(() => parseProposals('I think you should…')).toThrow(
      /^meta_judge\.command output: not valid JSON/,
    );
    expect(() => parseProposals('{"rules":[]}')).toThrow(
      'expected {"proposals": [...]} or an array of proposals',
    );
    expect(() => parseProposals('[{"kind":"strict","text":"t","rationale":"r"}]')).toThrow(
      'proposals[0].kind: expected one of additive, relaxation, removal, got "strict"',
    );
    expect(() =>
      parseProposals('[{"kind":"additive","text":"t","rationale":"r"},{"kind":"additive","text":"t2"}]'),
    ).toThrow('proposals[1].rationale: expected a non-empty string');
    expect(() => parseProposals('[{"kind":"removal","text":"t","rationale":"r"}]')).toThrow(
      'proposals[0].target: a removal needs the id of the rule it changes',
    );
  });
});
