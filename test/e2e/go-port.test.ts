import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bwrapUnavailable } from '../helpers/bwrap.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { goUnavailable } from '../helpers/go.js';
import { git, setupDemo, startRun, verdictLines, waitFor } from './loop-helpers.js';

// The go-port example end to end with the real Go toolchain (Debian golang-go, in .ci/packages).
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const COMPILE_ERROR = /^internal\/ledger\/report\.go:\d+:\d+: undefined: totl$/;
const VET_ERROR = /internal\/ledger\/report\.go:\d+:\d+: fmt\.Fprintf format %d has arg sorted of wrong type/;

/** A VERDICTS line as these tests read it. */
interface VerdictLine {
  module: string;
  verdict: string;
  reason: string;
  flips: string[];
  build?: { status: string };
  checks?: Record<string, { status: string; on_fail: string }>;
}

const lines = (root: string) => verdictLines(root) as unknown as VerdictLine[];

function runDir(root: string): string {
  const runs = join(root, '.autoswe', 'runs');
  const [id] = readdirSync(runs).sort().reverse();
  return join(runs, id as string);
}

const noGo = componentMissing('go', goUnavailable() === null, goUnavailable() ?? '');

describe.skipIf(noGo)('autoswe demo --example go-port (real go)', () => {
  it('runs to DONE: the compile error and the vet failure are REVERTs, their errors fed to the next prompts', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const root = join(dir, 'go-port');
    const result = await runCli(['demo', '--example', 'go-port', '--dir', root], { timeoutMs: 170_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^baseline: 9 legacy outputs recorded/m);
    expect(result.stdout).toMatch(/: the target builds \(\d+\.\d s\)$/m);
    expect(result.stdout).toMatch(
      /^\[iter 1\] build {5}build failed: internal\/ledger\/report\.go:\d+:\d+: undefined: totl$/m,
    );
    expect(result.stdout).toContain(
      '[iter 1] verify    skipped: the build failed, so the cases were not run',
    );
    expect(result.stdout).toMatch(
      /^\[iter 1\] judge {5}REVERT - build failed: internal\/ledger\/report\.go/m,
    );
    expect(result.stdout).toMatch(
      /^\[iter 2\] build {5}built in \d+\.\d s; checks: vet failed, test failed \(note\)$/m,
    );
    expect(result.stdout).toContain('DONE: every cell is GREEN');
    expect(result.stdout).toMatch(/^build\s+ok \(iter 4\) {2}checks: vet ok, test ok$/m);
    expect(result.stdout).toMatch(/journey --iter 1$/m);

    const verdicts = verdictLines(root);
    expect(verdicts.map((line) => [line.module, line.verdict])).toEqual([
      ['report', 'REVERT'],
      ['report', 'REVERT'],
      ['report', 'ACCEPT'],
      ['stats', 'ACCEPT'],
    ]);
    const [unbuilt, unvetted, vetted, stats] = lines(root);
    // The compile error: REVERT with the compiler's own line; the cases were not run, no checks either.
    expect(unbuilt?.reason).toMatch(/^build failed: /);
    expect(unbuilt?.reason.slice('build failed: '.length)).toMatch(COMPILE_ERROR);
    expect(unbuilt?.build).toMatchObject({
      status: 'failed',
      command: 'go build -o bin/ledger ./cmd/ledger',
    });
    expect(unbuilt?.checks).toBeUndefined();
    expect(unbuilt).toMatchObject({ green_before: 4, green_after: 4, flips: [] });
    // The vet failure: on_fail revert makes it a REVERT despite three cells turning GREEN.
    expect(unvetted?.reason).toMatch(new RegExp(`^check vet failed: ${VET_ERROR.source}`));
    expect(unvetted?.checks?.vet).toMatchObject({ status: 'failed', on_fail: 'revert' });
    expect(unvetted?.flips).toEqual(['report/basic', 'report/ties', 'report/wide']);
    // The legacy test failing is on_fail note: recorded, the verdict unchanged.
    expect(vetted?.reason).toMatch(
      /no regressions; note: check test failed: stats_test\.go:\d+: Mean = 0, want 263$/,
    );
    expect(vetted?.checks).toMatchObject({
      vet: { status: 'ok' },
      test: { status: 'failed', on_fail: 'note' },
    });
    expect(stats?.checks).toMatchObject({ vet: { status: 'ok' }, test: { status: 'ok' } });

    const run = runDir(root);
    const buildLog = readFileSync(join(run, 'iter-1.build.log'), 'utf8');
    expect(buildLog).toMatch(/^\$ go build -o bin\/ledger \.\/cmd\/ledger/);
    expect(buildLog).toMatch(/undefined: totl/);
    // The next prompt for the module, written before its agent ran, carries the compiler's message.
    const secondPrompt = readFileSync(join(run, 'iter-2.prompt.md'), 'utf8');
    expect(secondPrompt).toContain('## Your last attempt did not build (iteration 1: REVERT');
    expect(secondPrompt).toMatch(/^build failed: internal\/ledger\/report\.go:\d+:\d+: undefined: totl$/m);
    expect(secondPrompt).toContain(`(all of it: ${join(run, 'iter-1.build.log')})`);
    const thirdPrompt = readFileSync(join(run, 'iter-3.prompt.md'), 'utf8');
    expect(thirdPrompt).toContain('## Your last attempt failed its checks (iteration 2: REVERT');
    expect(thirdPrompt).toMatch(VET_ERROR);
    const journey = readFileSync(join(root, 'docs', 'journey', 'iter-1.md'), 'utf8');
    expect(journey).toMatch(
      /^- \*\*Verdict:\*\* REVERT - build failed: internal\/ledger\/report\.go:\d+:\d+: undefined: totl$/m,
    );
    expect(journey).toMatch(/## Build\n\n\*\*build failed: .*undefined: totl\*\*/);
    expect(journey).toMatch(/```text\n\$ go build[^`]*undefined: totl/);
    expect(readFileSync(join(root, 'docs', 'journey', 'iter-2.md'), 'utf8')).toMatch(
      /- `vet` \(reverts\): failed: /,
    );

    // verdicts --json carries build and checks; status --json has the last result of each check.
    const json = JSON.parse((await runCli(['verdicts', '--json'], { cwd: root })).stdout);
    expect(json[0].build).toMatchObject({ status: 'failed' });
    expect(json[1].checks.vet).toMatchObject({ status: 'failed', on_fail: 'revert' });
    const status = JSON.parse((await runCli(['status', '--json'], { cwd: root })).stdout);
    expect(status.loop.state).toMatchObject({
      status: 'DONE',
      build: { status: 'ok', iter: 4 },
      checks: { vet: { status: 'ok', iter: 4 }, test: { status: 'ok', iter: 4 } },
    });
    // The binary is ignored by the target's git: never committed, never reverted away.
    const target = join(root, 'target');
    expect(git(target, 'ls-files')).not.toMatch(/^bin\//m);
    expect(git(target, 'status', '--porcelain')).toBe('');
    expect(git(target, 'log', '--format=%s').split('\n')[0]).toBe('autoswe: iter 4 stats ACCEPT (7→9 GREEN)');
  }, 180_000);

  it("the next prompt comes from VERDICTS: it still names the compiler's error after the loop restarts", async () => {
    const demo = await setupDemo({ example: 'go-port', maxIters: 1 });
    cleanups.push(demo.cleanup);
    const first = await runCli(['run', '--config', demo.config], { cwd: demo.root, timeoutMs: 90_000 });
    expect(first.code).toBe(3);
    expect(verdictLines(demo.root).map((line) => line.reason)).toEqual([
      expect.stringMatching(/^build failed: .*undefined: totl$/),
    ]);
    const second = await runCli(['run', '--config', demo.config], { cwd: demo.root, timeoutMs: 90_000 });
    expect(second.code).toBe(3);
    const prompt = readFileSync(join(runDir(demo.root), 'iter-2.prompt.md'), 'utf8');
    expect(prompt).toContain('## Your last attempt did not build (iteration 1: REVERT');
    expect(prompt).toMatch(/undefined: totl/);
  }, 180_000);

  it('a vet check with on_fail: note is recorded and leaves the verdict to the cells', async () => {
    const demo = await setupDemo({
      example: 'go-port',
      maxIters: 2,
      edit: (text) =>
        text.replace('vet: ["go", "vet", "./..."]', 'vet: {command: ["go", "vet", "./..."], on_fail: note}'),
    });
    cleanups.push(demo.cleanup);
    const result = await runCli(['run', '--config', demo.config], { cwd: demo.root, timeoutMs: 120_000 });
    expect(result.code).toBe(3);
    const second = lines(demo.root)[1];
    expect(second?.verdict).toBe('ACCEPT');
    expect(second?.reason).toMatch(new RegExp(`no regressions; note: check vet failed: ${VET_ERROR.source}`));
    expect(second?.checks?.vet).toMatchObject({ status: 'failed', on_fail: 'note' });
  }, 180_000);

  it("status --json shows the build vertex while go builds the agent's work", async () => {
    // The build waits for a file while the target has the agent's uncommitted work (not at the run's start).
    const wait =
      '["sh", "-c", "if [ -n \\"$(git status --porcelain)\\" ]; then touch ../building; while [ ! -e ../release ]; do sleep 0.05; done; fi"]';
    const demo = await setupDemo({
      example: 'go-port',
      maxIters: 1,
      edit: (text) => text.replace('  commands:\n', `  commands:\n    - ${wait}\n`),
    });
    cleanups.push(demo.cleanup);
    const live = startRun(demo.root);
    await waitFor('the build to start', () => existsSync(join(demo.root, 'building')), 60_000);
    const status = JSON.parse((await runCli(['status', '--json'], { cwd: demo.root })).stdout);
    expect(status.loop.state).toMatchObject({
      status: 'RUNNING',
      vertex: 'build',
      iter: 1,
      module: 'report',
    });
    expect(status.heartbeat.heartbeat.vertex).toBe('build');
    const text = (await runCli(['status'], { cwd: demo.root })).stdout;
    expect(text).toMatch(/^loop\s+RUNNING\s+epoch 0\s+iter 1\s+module report\s+vertex build$/m);
    writeFileSync(join(demo.root, 'release'), '');
    expect(await live.exited).toEqual({ code: 3, signal: null });
    expect(lines(demo.root)[0]?.reason).toMatch(/^build failed: .*undefined: totl$/);
  }, 120_000);

  it('verify-cells --build builds first; a build that fails leaves parity.json alone and says why (exit 1)', async () => {
    const demo = await setupDemo({ example: 'go-port' });
    cleanups.push(demo.cleanup);
    const ok = await runCli(['verify-cells', '--build', '--json'], { cwd: demo.root, timeoutMs: 90_000 });
    expect(ok.code).toBe(0);
    const outcome = JSON.parse(ok.stdout);
    expect(outcome.build).toMatchObject({ status: 'ok', first_error: null });
    expect(outcome.after).toMatchObject({ green: 4, total: 9 });
    const parity = readFileSync(join(demo.root, '.autoswe', 'parity.json'), 'utf8');
    writeFileSync(
      join(demo.root, 'target', 'internal', 'ledger', 'broken.go'),
      'package ledger\n\nvar x int = "no"\n',
    );
    const failed = await runCli(['verify-cells', '--build'], { cwd: demo.root, timeoutMs: 90_000 });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/^\$ go build -o bin\/ledger \.\/cmd\/ledger/);
    expect(failed.stderr).toMatch(
      /\nautoswe: verify-cells: build failed: internal\/ledger\/broken\.go:3:13: .+; parity\.json left as it was\n$/,
    );
    expect(readFileSync(join(demo.root, '.autoswe', 'parity.json'), 'utf8')).toBe(parity);
    const captured = await runCli(['baseline-capture', '--build'], { cwd: demo.root, timeoutMs: 90_000 });
    expect(captured.code).toBe(1);
    expect(captured.stderr).toMatch(
      /autoswe: baseline-capture: build failed: .*; the baseline was recorded\n$/,
    );
  }, 180_000);

  const noBwrap = componentMissing('bwrap', bwrapUnavailable() === null, bwrapUnavailable() ?? '');

  it.skipIf(noBwrap)(
    'under sandbox: bwrap the build writes its Go cache in the runtime dir',
    async () => {
      const demo = await setupDemo({
        example: 'go-port',
        edit: (text) => text.replace('sandbox: none', 'sandbox: bwrap'),
      });
      cleanups.push(demo.cleanup);
      const result = await runCli(['verify-cells', '--build', '--json'], {
        cwd: demo.root,
        timeoutMs: 170_000,
      });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout).after).toMatchObject({ green: 4, total: 9 });
      expect(readdirSync(join(demo.root, '.autoswe', 'cache', 'go-build')).length).toBeGreaterThan(0);
    },
    180_000,
  );
});

describe('autoswe demo --example', () => {
  it('an unknown example is one line listing the examples (exit 2), nothing made', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const result = await runCli(['demo', '--example', 'cobol', '--dir', join(dir, 'ws')]);
    expect(result).toMatchObject({
      code: 2,
      stderr: "autoswe: demo: unknown example 'cobol'; the examples are: demo, go-port\n",
    });
    expect(existsSync(join(dir, 'ws'))).toBe(false);
  });

  it('go-port without go on PATH: one line naming the package and the download (exit 1), nothing made', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const gitPath = (await import('node:child_process')).execFileSync('sh', ['-c', 'command -v git'], {
      encoding: 'utf8',
    });
    symlinkSync(gitPath.trim(), join(bin, 'git'));
    const result = await runCli(['demo', '--example', 'go-port', '--dir', join(dir, 'ws')], {
      env: { PATH: bin },
    });
    expect(result).toMatchObject({
      code: 1,
      stderr:
        'autoswe: demo: go is not installed (not found on PATH); the go-port example builds Go: install it (Debian/Ubuntu: apt-get install golang-go; elsewhere https://go.dev/dl/)\n',
    });
    expect(existsSync(join(dir, 'ws'))).toBe(false);
  });
});
