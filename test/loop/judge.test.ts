import { describe, expect, it } from 'vitest';
import type { LoopConfig } from '../../src/core/config/types.js';
import type { LockCheck } from '../../src/core/parity/lock-check.js';
import type { CellOutcome, VerifyOutcome } from '../../src/core/parity/verify.js';
import { builtInVerdict, judge, parseJudgeAnswer } from '../../src/loop/judge.js';

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

describe('judge with a judge command', () => {
  const withCommand = (command: string[]) =>
    ({ root: process.cwd(), judge: { command } }) as unknown as LoopConfig;
  const progress = input(verify([cell('mul', 'GREEN', 'RED')], []));
  const run = { env: { PATH: process.env.PATH }, signal: new AbortController().signal };

  it("takes the command's verdict; it gets the judge input (and the built-in verdict) as JSON on stdin", async () => {
    const echoModule = [
      'sh',
      '-c',
      'node -e \'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const i=JSON.parse(s);' +
        'console.log(JSON.stringify({verdict:"REVISE",reason:i.module+" "+i.builtin.verdict}))})\'',
    ];
    expect(await judge(withCommand(echoModule), progress, run)).toEqual({
      verdict: 'REVISE',
      reason: 'calc ACCEPT',
      by: 'judge-command',
    });
  });

  it('keeps the built-in verdict, saying why, when the command fails, is missing or answers nonsense', async () => {
    const cases: [string[], RegExp][] = [
      [['sh', '-c', 'echo broken >&2; exit 3'], /judge command ignored: exit 3: broken$/],
      [['/nonexistent/judge'], /judge command ignored: cannot run \/nonexistent\/judge: command not found$/],
      [['sh', '-c', 'echo maybe'], /judge command ignored: not JSON: "maybe"$/],
    ];
    for (const [command, reason] of cases) {
      const judged = await judge(withCommand(command), progress, run);
      expect(judged).toMatchObject({ verdict: 'ACCEPT', by: 'built-in' });
      expect(judged.reason).toMatch(reason);
    }
  });

  it('never lets the command override a failing lock-check (it is not even run)', async () => {
    const tampered: LockCheck = { ...lockOk, ok: false, changed: ['rules.yaml'] };
    const judged = await judge(
      withCommand(['sh', '-c', 'echo \'{"verdict":"ACCEPT","reason":"fine"}\'']),
      input(verify([cell('mul', 'GREEN', 'RED')], []), tampered),
      run,
    );
    expect(judged).toMatchObject({ verdict: 'REVERT', by: 'built-in' });
  });
});
