import { describe, expect, it } from 'vitest';
import type { LockCheck } from '../../src/core/lock-manifest.js';
import type { CellOutcome, VerifyOutcome } from '../../src/core/verify.js';
import { builtInVerdict, parseJudgeAnswer } from '../../src/loop/judge.js';

const cell = (name: string, status: 'GREEN' | 'RED', previous: 'GREEN' | 'RED'): CellOutcome => ({
  module: 'calc',
  cell: name,
  status,
  previous,
  detail: '',
  durationMs: 1,
});

function verify(flips: CellOutcome[], regressions: CellOutcome[]): VerifyOutcome {
  const before = { green: 5, red: 6, total: 11 };
  const green = before.green + flips.length - regressions.length;
  return {
    at: '2026-11-24T00:00:00.000Z',
    cells: [...flips, ...regressions],
    flips,
    regressions,
    before,
    after: { green, red: 11 - green, total: 11 },
  };
}

const lockOk: LockCheck = { ok: true, changed: [], added: [], missing: [], problem: null, lockedAt: null };
const input = (v: VerifyOutcome, lock: LockCheck = lockOk) => ({
  iter: 3,
  module: 'calc',
  verify: v,
  lock,
  agentNote: null,
});

describe('builtInVerdict', () => {
  it('accepts progress without regressions, naming the flipped cells', () => {
    const judgement = builtInVerdict(input(verify([cell('mul', 'GREEN', 'RED')], [])));
    expect(judgement.verdict).toBe('ACCEPT');
    expect(judgement.reason).toContain('calc/mul');
  });

  it('reverts on any regression, even with progress', () => {
    const judgement = builtInVerdict(
      input(verify([cell('div', 'GREEN', 'RED')], [cell('sub', 'RED', 'GREEN')])),
    );
    expect(judgement.verdict).toBe('REVERT');
    expect(judgement.reason).toMatch(/regression.*calc\/sub/);
  });

  it('reverts when lock-check fails, naming the changed file', () => {
    const lock: LockCheck = { ...lockOk, ok: false, changed: ['target/tests/README.md'] };
    const judgement = builtInVerdict(input(verify([cell('mul', 'GREEN', 'RED')], []), lock));
    expect(judgement).toMatchObject({
      verdict: 'REVERT',
      reason: expect.stringContaining('target/tests/README.md'),
    });
  });

  it('asks for revision when nothing changed', () => {
    expect(builtInVerdict(input(verify([], []))).verdict).toBe('REVISE');
  });
});

describe('parseJudgeAnswer', () => {
  it('takes a valid verdict and reason', () => {
    expect(parseJudgeAnswer('{"verdict":"REVISE","reason":" needs tests "}\n')).toEqual({
      verdict: 'REVISE',
      reason: 'needs tests',
    });
  });

  it('rejects non-JSON, unknown verdicts and empty reasons with a reason', () => {
    expect(parseJudgeAnswer('ok')).toEqual({ error: expect.stringContaining('not JSON') });
    expect(parseJudgeAnswer('{"verdict":"MAYBE","reason":"x"}')).toEqual({
      error: expect.stringContaining('ACCEPT, REVISE, REVERT'),
    });
    expect(parseJudgeAnswer('{"verdict":"ACCEPT","reason":""}')).toEqual({
      error: expect.stringContaining('reason'),
    });
  });
});
