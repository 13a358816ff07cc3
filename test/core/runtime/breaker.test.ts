import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { recordJudged, resetNoProgress, unskipModule } from '../../../src/core/guards/breaker.js';
import { recordSessionCost, sessionResult } from '../../../src/core/guards/session-cost.js';
import { breakerPath, readBreaker, setAsideModules } from '../../../src/core/runtime/breaker.js';
import { costsPath, readCostSummary } from '../../../src/core/runtime/costs.js';
import { workspaceAt } from '../../../src/core/runtime/workspace.js';
import { tempDir } from '../../helpers/cli.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function fixture() {
  const made = tempDir('autoswe-breaker-');
  cleanup = made.cleanup;
  const workspace = workspaceAt(made.dir, {});
  mkdirSync(workspace.runtimeDir, { recursive: true });
  return { workspace, dir: made.dir };
}

const BREAKER = { no_progress: 3, module_attempts: 2 };
const judged = (
  iter: number,
  module: string,
  verdict: 'ACCEPT' | 'REVISE' | 'REVERT',
  flips: string[] = [],
) => ({
  epoch: 0,
  iter,
  module,
  verdict,
  flips,
  at: `2026-12-02T10:00:0${iter}.000Z`,
});

describe('breaker.json and the breaker', () => {
  it('counts judged iterations without progress, sets a module aside at exactly N, pauses at exactly M', async () => {
    const { workspace } = fixture();
    expect(await recordJudged(workspace, BREAKER, judged(1, 'calc', 'REVISE'))).toEqual({
      pause: null,
      setAside: null,
    });
    expect(await recordJudged(workspace, BREAKER, judged(2, 'calc', 'REVERT', ['calc/a']))).toEqual({
      pause: null,
      setAside: 'calc',
    });
    expect(setAsideModules(workspace, 0)).toMatchObject({ calc: { iter: 2, attempts: 2 } });
    expect(await recordJudged(workspace, BREAKER, judged(3, 'units', 'REVISE'))).toEqual({
      pause: 'no progress in 3 iterations: 1 REVISE, 1 REVERT, modules calc, units'.replace(
        '1 REVISE',
        '2 REVISE',
      ),
      setAside: null,
    });
    // A kept flip is progress: both counts of that module start again.
    expect(await recordJudged(workspace, BREAKER, judged(4, 'units', 'ACCEPT', ['units/a']))).toEqual({
      pause: null,
      setAside: null,
    });
    const read = readBreaker(workspace, 0);
    expect(read.kind === 'ok' && read.value.no_progress).toEqual({
      count: 0,
      verdicts: {},
      modules: [],
      since: null,
    });
    expect(read.kind === 'ok' && read.value.modules).toEqual({ calc: 2 });
  });

  it('resume resets the no-progress count only; unskip puts a module back; another epoch reads empty', async () => {
    const { workspace } = fixture();
    for (let iter = 1; iter <= 2; iter++)
      await recordJudged(workspace, BREAKER, judged(iter, 'calc', 'REVISE'));
    await resetNoProgress(workspace, 0);
    const read = readBreaker(workspace, 0);
    expect(read.kind === 'ok' && read.value.no_progress.count).toBe(0);
    expect(setAsideModules(workspace, 0)).toHaveProperty('calc');
    expect(await unskipModule(workspace, 0, 'calc')).toMatchObject({ iter: 2, attempts: 2 });
    expect(setAsideModules(workspace, 0)).toEqual({});
    expect(await unskipModule(workspace, 0, 'calc')).toBeNull();
    await recordJudged(workspace, BREAKER, judged(3, 'calc', 'REVISE'));
    await recordJudged(workspace, BREAKER, judged(4, 'calc', 'REVISE'));
    expect(setAsideModules(workspace, 1)).toEqual({});
    expect(setAsideModules(workspace, 0)).toHaveProperty('calc');
  });

  it('a count already at the limit starts again: the pause was lifted while the loop was stopped', async () => {
    const { workspace } = fixture();
    const limits = { no_progress: 2, module_attempts: null };
    await recordJudged(workspace, limits, judged(1, 'calc', 'REVISE'));
    expect((await recordJudged(workspace, limits, judged(2, 'calc', 'REVISE'))).pause).toMatch(
      /^no progress in 2/,
    );
    expect((await recordJudged(workspace, limits, judged(3, 'calc', 'REVISE'))).pause).toBeNull();
    expect((await recordJudged(workspace, limits, judged(4, 'calc', 'REVISE'))).pause).toMatch(
      /^no progress in 2/,
    );
  });

  it('a corrupt breaker.json is reported, never overwritten, and sets nothing aside', async () => {
    const { workspace } = fixture();
    writeFileSync(breakerPath(workspace), '{"epoch":0,"no_progress":{"count":"3"}}');
    expect(readBreaker(workspace, 0)).toEqual({
      kind: 'corrupt',
      message: 'no_progress.count: expected an integer ≥ 0, got "3"',
    });
    expect(setAsideModules(workspace, 0)).toEqual({});
    await expect(recordJudged(workspace, BREAKER, judged(1, 'calc', 'REVISE'))).rejects.toThrow(
      /refusing to write: .*breaker\.json is corrupt/,
    );
    expect(readFileSync(breakerPath(workspace), 'utf8')).toBe('{"epoch":0,"no_progress":{"count":"3"}}');
  });
});

describe('a session spend from its transcript', () => {
  it('reads the last result event from the end, past stderr lines, and records it once', () => {
    const { workspace, dir } = fixture();
    const transcript = `${dir}/t.jsonl`;
    writeFileSync(
      transcript,
      [
        '{"type":"system","subtype":"init","session_id":"abc"}',
        '{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"x","content":"{\\"type\\":\\"result\\",\\"total_cost_usd\\":99}"}]}}',
        '{"type":"result","subtype":"success","is_error":false,"num_turns":4,"total_cost_usd":0.25,"session_id":"abc","usage":{"input_tokens":10,"output_tokens":5,"cache_read_input_tokens":100,"cache_creation_input_tokens":7}}',
        '[stderr] bye',
        '',
      ].join('\n'),
    );
    expect(sessionResult(transcript)).toMatchObject({
      sessionId: 'abc',
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 100,
      cacheCreationTokens: 7,
      costUsd: 0.25,
      turns: 4,
    });
    const session = { run: 'r1', epoch: 0, iter: 1, module: 'calc', transcript };
    expect(recordSessionCost(workspace, session)).toMatchObject({ cost_usd: 0.25, session_id: 'abc' });
    expect(recordSessionCost(workspace, session)).toBeNull();
    expect(readCostSummary(workspace).total).toMatchObject({ sessions: 1, cost_usd: 0.25 });

    // No result event (a crash, a plain-text command agent): nothing to count.
    writeFileSync(transcript, 'hello\n[stderr] boom\n');
    expect(recordSessionCost(workspace, session)).toBeNull();
    // A garbage COSTS line is skipped by readers; a file rewritten in place is folded again from the start.
    const line = readFileSync(costsPath(workspace), 'utf8');
    writeFileSync(
      costsPath(workspace),
      `not json\n${line}${line.replace('"iter":1', '"iter":2').replace('"result_offset":', '"result_offset":1')}`,
    );
    expect(readCostSummary(workspace).total).toMatchObject({ sessions: 2, cost_usd: 0.5 });
  });
});
