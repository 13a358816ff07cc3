import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildRecord } from '../../src/core/build/records.js';
import { synthesizeJourney } from '../../src/core/journey/synth.js';
import { appendVerdict, type Verdict } from '../../src/core/runtime/verdicts.js';
import { type Workspace, workspaceAt } from '../../src/core/runtime/workspace.js';
import { lastAttempt } from '../../src/loop/last-attempt.js';
import { buildPrompt, type PromptInput } from '../../src/loop/prompt.js';

let root: string;
let workspace: Workspace;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'autoswe-feedback-'));
  workspace = workspaceAt(root, {});
  mkdirSync(join(root, '.autoswe', 'runs', 'r1'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const COMPILER = 'internal/ledger/report.go:29:54: undefined: totl';
const BUILD_LOG = `$ go build -o bin/ledger ./cmd/ledger    (in /ws/target)\n# example.com/ledger/internal/ledger\n${COMPILER}\n[exit 2 after 0.1 s]\n`;

function record(status: BuildRecord['status'], log: string | null, firstError: string | null): BuildRecord {
  return {
    status,
    first_error: firstError,
    command: status === 'ok' ? null : 'go build -o bin/ledger ./cmd/ledger',
    log,
    duration_ms: 100,
    timeout_ms: 600_000,
  };
}

function verdict(extra: Partial<Verdict>): Verdict {
  return {
    at: '2026-12-01T10:00:00.000Z',
    epoch: 0,
    iter: 1,
    module: 'report',
    verdict: 'REVERT',
    reason: `build failed: ${COMPILER}`,
    green_before: 4,
    green_after: 4,
    total: 9,
    run: 'r1',
    ...extra,
  };
}

function writeLog(name: string, text: string): string {
  const path = join(root, '.autoswe', 'runs', 'r1', name);
  writeFileSync(path, text);
  return path;
}

const prompt = (extra: Partial<PromptInput>) =>
  buildPrompt({
    module: 'report',
    iter: 2,
    workdir: '/ws/target',
    newCommand: ['./target/bin/ledger', '{module}', '{case}'],
    red: [],
    redNotShown: 0,
    green: 0,
    rules: [],
    protectedGlobs: [],
    root: '/ws',
    runtimeDir: '/ws/.autoswe',
    ...extra,
  });

describe("the module's last attempt, read back from VERDICTS", () => {
  it("a build that failed: its reason, its command and the end of its log, for 'your last attempt did not build'", () => {
    const log = writeLog('iter-1.build.log', BUILD_LOG);
    appendVerdict(workspace, verdict({ build: record('failed', log, COMPILER) }));
    appendVerdict(workspace, verdict({ iter: 2, module: 'stats', verdict: 'ACCEPT', reason: 'fine' }));
    const attempt = lastAttempt(workspace, 'report');
    expect(attempt).toEqual({
      iter: 1,
      verdict: 'REVERT',
      problems: [
        {
          step: 'build',
          reason: `build failed: ${COMPILER}`,
          onFail: null,
          command: 'go build -o bin/ledger ./cmd/ledger',
          log,
          tail: BUILD_LOG,
        },
      ],
    });
    const text = prompt({ lastAttempt: attempt });
    expect(text).toContain(
      '## Your last attempt did not build (iteration 1: REVERT, its changes were thrown away)',
    );
    expect(text).toContain(`build failed: ${COMPILER}\ncommand: go build -o bin/ledger ./cmd/ledger`);
    expect(text).toContain(`(all of it: ${log}):\n\`\`\`\n${BUILD_LOG}\`\`\``);
    // Before the cases: what the agent must fix first.
    expect(text.indexOf('did not build')).toBeLessThan(text.indexOf("## RED cases of 'report'"));
  });

  it('failed checks, revert and note, each with its output; passing ones are left out', () => {
    const vet = writeLog('iter-1.check-vet.log', '# example.com/x\nx.go:3:1: bad printf\n');
    appendVerdict(
      workspace,
      verdict({
        verdict: 'ACCEPT',
        build: record('ok', null, null),
        checks: {
          vet: { ...record('failed', vet, 'x.go:3:1: bad printf'), command: 'go vet ./...', on_fail: 'note' },
          test: { ...record('ok', null, null), on_fail: 'revert' },
        },
      }),
    );
    const attempt = lastAttempt(workspace, 'report');
    expect(attempt?.problems.map((problem) => [problem.step, problem.reason, problem.onFail])).toEqual([
      ['check vet', 'check vet failed: x.go:3:1: bad printf', 'note'],
    ]);
    const text = prompt({ lastAttempt: attempt });
    expect(text).toContain('## Checks your last attempt failed (iteration 1: ACCEPT, its changes were kept)');
    expect(text).toContain('### check vet (on failure: note)');
    expect(text).toContain('x.go:3:1: bad printf\n```');
  });

  it('a log that is gone (runs pruned) still gives the reason; nothing failed, or no verdict, gives nothing', () => {
    appendVerdict(workspace, verdict({ build: record('failed', join(root, 'gone.log'), COMPILER) }));
    expect(lastAttempt(workspace, 'report')?.problems[0]).toMatchObject({
      reason: `build failed: ${COMPILER}`,
      tail: null,
    });
    appendVerdict(workspace, verdict({ iter: 2, verdict: 'ACCEPT', build: record('ok', null, null) }));
    expect(lastAttempt(workspace, 'report')).toBeNull();
    expect(lastAttempt(workspace, 'stats')).toBeNull();
  });

  it('a long log is quoted by its end, saying how many lines were left out', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `pkg/f.go:${i + 1}:1: undefined: v${i}`);
    const log = writeLog('iter-1.build.log', `${lines.join('\n')}\n`);
    appendVerdict(workspace, verdict({ build: record('failed', log, lines[0] as string) }));
    const tail = lastAttempt(workspace, 'report')?.problems[0]?.tail as string;
    expect(tail.startsWith('… (160 earlier lines)\n')).toBe(true);
    expect(tail.endsWith('pkg/f.go:200:1: undefined: v199\n')).toBe(true);
  });

  it("junk in a verdict's build or checks, a log that is a folder, a huge log: no crash, a bounded quote", () => {
    // Written by hand, as junk would be: such a line does not decode as a verdict at all.
    const junk = { ...verdict({}), build: 'failed', checks: { vet: 3, lint: { status: 'maybe' } } };
    appendFileSync(workspace.paths.verdicts, `${JSON.stringify(junk)}\n`);
    expect(lastAttempt(workspace, 'report')).toBeNull();
    const folder = join(root, '.autoswe', 'runs', 'r1', 'a-folder.log');
    mkdirSync(folder);
    appendVerdict(workspace, verdict({ build: record('failed', folder, COMPILER) }));
    expect(lastAttempt(workspace, 'report')?.problems[0]?.tail).toBeNull();
    const filler = `${'x'.repeat(200)}\n`.repeat(50_000);
    const huge = writeLog('huge.log', `${filler}${COMPILER}\n`);
    appendVerdict(workspace, verdict({ build: record('failed', huge, COMPILER) }));
    const tail = lastAttempt(workspace, 'report')?.problems[0]?.tail as string;
    expect(Buffer.byteLength(tail)).toBeLessThan(4096 + 100);
    expect(tail.endsWith(`${COMPILER}\n`)).toBe(true);
  });

  it('an unreadable VERDICTS (a folder) costs the hint, not the iteration', () => {
    mkdirSync(join(root, '.autoswe', 'VERDICTS'));
    expect(lastAttempt(workspace, 'report')).toBeNull();
  });
});

describe('the prompt with a build', () => {
  it('says how the program is built and checked, and that a failing build is a REVERT', () => {
    const text = prompt({
      buildSteps: {
        build: ['go build -o bin/ledger ./cmd/ledger'],
        cwd: '/ws/target',
        checks: [{ name: 'vet', command: 'go vet ./...', onFail: 'REVERT' }],
      },
    });
    expect(text).toContain(
      'After your session the loop builds it (in /ws/target) with: go build -o bin/ledger ./cmd/ledger; a build that fails is a REVERT.',
    );
    expect(text).toContain('Then it runs these checks: vet: go vet ./... (on failure: REVERT).');
  });

  it('says when the target does not build as it stands, with the errors', () => {
    const text = prompt({
      headBuild: {
        step: 'build',
        reason: `build failed: ${COMPILER}`,
        onFail: null,
        command: null,
        log: null,
        tail: `${COMPILER}\n`,
      },
    });
    expect(text).toContain('## The target does not build as it stands');
    expect(text).toContain(`\`\`\`\n${COMPILER}\n\`\`\``);
  });

  it('without a build nothing about building is said', () => {
    expect(prompt({})).not.toMatch(/build/i);
  });
});

describe('the journey entry of a build that failed', () => {
  it('quotes the end of the build log and names the full log', async () => {
    const log = writeLog('iter-1.build.log', BUILD_LOG);
    appendVerdict(workspace, verdict({ build: record('failed', log, COMPILER) }));
    const markdown = readFileSync(await synthesizeJourney(workspace, 1), 'utf8');
    expect(markdown).toContain(`- **Verdict:** REVERT - build failed: ${COMPILER}`);
    expect(markdown).toContain(`## Build\n\n**build failed: ${COMPILER}**`);
    expect(markdown).toContain(`\`\`\`text\n${BUILD_LOG}\`\`\``);
    expect(markdown).toContain(`Full output: \`${log}\``);
  });

  it('lists each check with its effect, and a passing build in one line', async () => {
    const test = writeLog(
      'iter-1.check-test.log',
      '--- FAIL: TestMean\n    stats_test.go:9: Mean = 0, want 263\n',
    );
    appendVerdict(
      workspace,
      verdict({
        verdict: 'ACCEPT',
        build: record('ok', null, null),
        checks: {
          vet: { ...record('ok', null, null), on_fail: 'revert' },
          test: { ...record('failed', test, 'stats_test.go:9: Mean = 0, want 263'), on_fail: 'note' },
        },
      }),
    );
    const markdown = readFileSync(await synthesizeJourney(workspace, 1), 'utf8');
    expect(markdown).toContain('## Build\n\nBuilt in 0.1 s.');
    expect(markdown).toContain(
      '- `vet`: ok (0.1 s)\n- `test` (noted): failed: stats_test.go:9: Mean = 0, want 263',
    );
    expect(markdown).toContain('Output of `test`:');
    expect(markdown).toContain('stats_test.go:9: Mean = 0, want 263\n```');
  });
});
