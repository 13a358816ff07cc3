import { describe, expect, it } from 'vitest';
import type { BuildRecord, CheckRecord, CheckRecords } from '../../src/core/build/records.js';
import type { LoopConfig } from '../../src/core/config/types.js';
import type { LockCheck } from '../../src/core/parity/lock-check.js';
import type { CellOutcome, VerifyOutcome } from '../../src/core/parity/verify.js';
import { builtInVerdict, judge, parseJudgeAnswer } from '../../src/loop/judge.js';

const cell = (name: string, status: 'GREEN' | 'RED', previous: 'GREEN' | 'RED'): CellOutcome => ({
  module: 'calc',
  cell: name,
  holdout: false,
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
const input = (
  v: VerifyOutcome | null,
  lock: LockCheck = lockOk,
  steps: { build?: BuildRecord | null; checks?: CheckRecords } = {},
) => ({
  iter: 3,
  module: 'calc',
  verify: v,
  build: steps.build ?? null,
  checks: steps.checks ?? {},
  lock,
  agentNote: null,
});

const step = (status: BuildRecord['status'], firstError: string | null = null): BuildRecord => ({
  status,
  first_error: firstError,
  command: status === 'ok' ? null : 'go build -o bin/ledger ./cmd/ledger',
  log: null,
  duration_ms: 120,
  timeout_ms: 600_000,
});
const check = (onFail: CheckRecord['on_fail'], status: BuildRecord['status'], firstError?: string) => ({
  ...step(status, firstError ?? null),
  on_fail: onFail,
});
const COMPILER = 'internal/ledger/report.go:29:54: undefined: totl';

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

describe('builtInVerdict with a build and checks', () => {
  it("reverts a failed build with the compiler's first error line, even without a verify", () => {
    const judgement = builtInVerdict(input(null, lockOk, { build: step('failed', COMPILER) }));
    expect(judgement).toEqual({ verdict: 'REVERT', reason: `build failed: ${COMPILER}`, by: 'built-in' });
  });

  it('reverts a build that ran out of time, saying after how long', () => {
    const judgement = builtInVerdict(
      input(null, lockOk, { build: { ...step('timed-out'), timeout_ms: 90_000 } }),
    );
    expect(judgement.reason).toBe('build timed out after 90 s');
  });

  it('a failing lock-check still comes first: tampering is named, not the build', () => {
    const lock: LockCheck = { ...lockOk, ok: false, changed: ['rules.yaml'] };
    const judgement = builtInVerdict(input(null, lock, { build: step('failed', COMPILER) }));
    expect(judgement.reason).toMatch(/^lock-check failed: .*rules\.yaml/);
  });

  it('reverts a failing revert check with its name and first error line, despite progress', () => {
    const vet = 'internal/ledger/report.go:24:3: fmt.Fprintf format %d has arg sorted of wrong type';
    const judgement = builtInVerdict(
      input(verify([cell('mul', 'GREEN', 'RED')], []), lockOk, {
        build: step('ok'),
        checks: { vet: check('revert', 'failed', vet), lint: check('revert', 'timed-out') },
      }),
    );
    expect(judgement.verdict).toBe('REVERT');
    expect(judgement.reason).toBe(`check vet failed: ${vet} (+1 more failed: lint)`);
  });

  it('a failing note check is recorded in the reason and never changes the verdict', () => {
    const judgement = builtInVerdict(
      input(verify([cell('mul', 'GREEN', 'RED')], []), lockOk, {
        build: step('ok'),
        checks: {
          vet: check('revert', 'ok'),
          test: check('note', 'failed', 'stats_test.go:9: Mean = 0, want 263'),
        },
      }),
    );
    expect(judgement.verdict).toBe('ACCEPT');
    expect(judgement.reason).toBe(
      '1 cell(s) RED→GREEN (calc/mul), no regressions; note: check test failed: stats_test.go:9: Mean = 0, want 263',
    );
  });

  it('passing checks leave the reason as it was', () => {
    const judgement = builtInVerdict(
      input(verify([], []), lockOk, { build: step('ok'), checks: { vet: check('revert', 'ok') } }),
    );
    expect(judgement.reason).toBe('no parity change (6 RED left)');
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

  it('never lets the command override a failed build or a failing revert check (it is not even run)', async () => {
    const accept = withCommand(['sh', '-c', 'echo \'{"verdict":"ACCEPT","reason":"fine"}\'']);
    const unbuilt = await judge(accept, input(null, lockOk, { build: step('failed', COMPILER) }), run);
    expect(unbuilt).toMatchObject({ verdict: 'REVERT', by: 'built-in' });
    const vetFailed = await judge(
      accept,
      input(verify([], []), lockOk, {
        build: step('ok'),
        checks: { vet: check('revert', 'failed', 'x.go:1:1: y') },
      }),
      run,
    );
    expect(vetFailed).toMatchObject({ verdict: 'REVERT', reason: 'check vet failed: x.go:1:1: y' });
    const noted = await judge(
      accept,
      input(verify([], []), lockOk, { build: step('ok'), checks: { test: check('note', 'failed', 'x') } }),
      run,
    );
    expect(noted).toMatchObject({ verdict: 'ACCEPT', by: 'judge-command' });
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
