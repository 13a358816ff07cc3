import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type LoopWorkspace, makeLoopWorkspace } from '../helpers/loop-workspace.js';
import { readState, startRun, verdictLines, waitFor } from './loop-helpers.js';

// The build vertex with shell builds (no toolchain needed); the Go toolchain itself: go-port.test.ts.
let ws: LoopWorkspace | undefined;
afterEach(() => ws?.cleanup());

/** A loop workspace whose agent writes work.txt in the target, with `extra` (build, checks) in its config. */
async function workspace(extra: string): Promise<LoopWorkspace> {
  ws = makeLoopWorkspace();
  const config = join(ws.root, 'autoswe.yaml');
  const text = readFileSync(config, 'utf8').replace(
    'agent: {adapter: command, command: ["true"]}',
    'agent: {adapter: command, command: ["sh", "-c", "echo work > work.txt"]}',
  );
  writeFileSync(config, `${text}limits: {max_iters: 1}\n${extra}\n`);
  const baseline = await runCli(['baseline-capture'], { cwd: ws.root });
  if (baseline.code !== 0) throw new Error(`baseline-capture failed: ${baseline.stderr}`);
  return ws;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the build vertex', () => {
  it('shows as vertex build in status while the build runs, then the verdict records build and checks', async () => {
    // The build waits for a file, but only in the iteration (after the agent wrote work.txt).
    const { root } = await workspace(`build:
  - ["sh", "-c", "if [ -e work.txt ]; then touch ../building; while [ ! -e ../release ]; do sleep 0.05; done; fi"]
checks:
  quick: ["true"]`);
    const live = startRun(root);
    await waitFor('the build to start', () => existsSync(join(root, 'building')), 30_000);
    // The status a user would ask for, polled until it shows the build (or the deadline passes).
    let status: { loop: { state?: Record<string, unknown> }; heartbeat: { heartbeat: { vertex: string } } };
    const until = Date.now() + 30_000;
    for (;;) {
      status = JSON.parse((await runCli(['status', '--json'], { cwd: root })).stdout);
      if (status.loop.state?.vertex === 'build' || Date.now() > until) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status.loop.state).toMatchObject({ status: 'RUNNING', vertex: 'build', iter: 1, module: 'words' });
    expect(status.heartbeat.heartbeat.vertex).toBe('build');
    writeFileSync(join(root, 'release'), '');
    expect(await live.exited).toEqual({ code: 3, signal: null });
    expect(live.stdout).toMatch(/^\[iter 1\] build {5}built in \d+\.\d s; checks: quick ok$/m);
    const [verdict] = verdictLines(root);
    expect(verdict).toMatchObject({
      verdict: 'REVISE',
      build: { status: 'ok', first_error: null },
      checks: { quick: { status: 'ok', on_fail: 'revert' } },
    });
    expect(readState(root)).toMatchObject({
      build: { status: 'ok', iter: 1 },
      checks: { quick: { status: 'ok' } },
    });
  }, 60_000);

  it('SIGTERM during the build stops it, reverts the iteration and records it as interrupted', async () => {
    const { root, target } = await workspace(`build:
  - ["sh", "-c", "if [ -e work.txt ]; then echo $$ > ../build.pid; while :; do sleep 0.05; done; fi"]`);
    const live = startRun(root);
    const pid = await waitFor(
      'the build to start',
      () =>
        existsSync(join(root, 'build.pid'))
          ? Number(readFileSync(join(root, 'build.pid'), 'utf8'))
          : undefined,
      30_000,
    );
    await waitFor('the build vertex', () => readState(root).vertex === 'build', 10_000);
    live.child.kill('SIGTERM');
    expect(await live.exited).toEqual({ code: 0, signal: null });
    expect(readState(root)).toMatchObject({ status: 'IDLE' });
    expect(verdictLines(root)).toEqual([
      expect.objectContaining({ verdict: 'REVERT', interrupted: true, iter: 1 }),
    ]);
    expect(existsSync(join(target, 'work.txt'))).toBe(false);
    await waitFor('the build process to be gone', () => !alive(pid), 10_000);
  }, 60_000);

  it('a build that hangs is killed at its timeout and judged REVERT "build timed out"', async () => {
    const { root } = await workspace(`build:
  commands: [["sh", "-c", "sleep 600 & echo $! >> ../sleeps; wait"]]
  timeout: 1s`);
    const result = await runCli(['run'], { cwd: root, timeoutMs: 60_000 });
    expect(result.code).toBe(3);
    // The build at the start hangs too: not fatal, the agent is told the target does not build.
    expect(result.stdout).toMatch(/: the target does not build as it stands: build timed out after 1 s$/m);
    expect(result.stdout).toContain('[iter 1] build     build timed out after 1 s');
    expect(result.stdout).toContain('[iter 1] judge     REVERT - build timed out after 1 s');
    expect(verdictLines(root)[0]).toMatchObject({ verdict: 'REVERT', reason: 'build timed out after 1 s' });
    const sleeps = readFileSync(join(root, 'sleeps'), 'utf8').trim().split('\n').map(Number);
    expect(sleeps).toHaveLength(2);
    await waitFor('every build process to be gone', () => sleeps.every((pid) => !alive(pid)), 10_000);
    const run = readdirSync(join(root, '.autoswe', 'runs'))[0] as string;
    const prompt = readFileSync(join(root, '.autoswe', 'runs', run, 'iter-1.prompt.md'), 'utf8');
    expect(prompt).toContain('## The target does not build as it stands');
    expect(readFileSync(join(root, '.autoswe', 'runs', run, 'iter-1.build.log'), 'utf8')).toMatch(
      /\[killed: the time limit of 1 s ran out after \d+\.\d s\]\n$/,
    );
  }, 60_000);

  it('a missing build tool fails preflight, naming it, and the run refuses to start', async () => {
    const { root } = await workspace(`build: [["no-such-compiler-4711", "all"]]
checks: {lint: ["./lint.sh"]}`);
    const preflight = await runCli(['preflight', '--json'], { cwd: root });
    expect(preflight.code).toBe(1);
    const checks = JSON.parse(preflight.stdout).checks;
    expect(checks).toContainEqual({
      name: 'build',
      status: 'fail',
      detail: "build: 'no-such-compiler-4711' is not installed (not found on PATH)",
    });
    expect(checks).toContainEqual({
      name: 'checks',
      status: 'fail',
      detail: "check lint: './lint.sh' is not installed (not an executable file)",
    });
    const run = await runCli(['run'], { cwd: root });
    expect(run).toMatchObject({
      code: 1,
      stderr:
        "autoswe: build: 'no-such-compiler-4711' is not installed (not found on PATH); no run was started\n",
    });
    expect(existsSync(join(root, '.autoswe', 'runs'))).toBe(false);
  });

  it('preflight passes the build and checks rows when their programs are there', async () => {
    const { root } = await workspace('build: [["sh", "-c", "true"]]\nchecks: {vet: ["true"]}');
    const checks = JSON.parse((await runCli(['preflight', '--json'], { cwd: root })).stdout).checks;
    expect(checks).toContainEqual({
      name: 'build',
      status: 'pass',
      detail: expect.stringMatching(/^build: sh at \//),
    });
    expect(checks).toContainEqual({
      name: 'checks',
      status: 'pass',
      detail: expect.stringMatching(/^check vet: true at \//),
    });
  });

  it('a build whose output git does not ignore fails the run at the start, naming the file', async () => {
    const { root, target } = await workspace('build: [["sh", "-c", "echo x > app.bin"]]');
    const result = await runCli(['run'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /FAILED: the build leaves files in the target that git does not ignore \(app\.bin\); add them to .+\/\.gitignore/,
    );
    expect(readState(root)).toMatchObject({ status: 'FAILED' });
    expect(existsSync(join(target, 'app.bin'))).toBe(true);
  });

  it('verify-cells --build without a build: key is a usage error (exit 2)', async () => {
    const { root } = await workspace('');
    const result = await runCli(['verify-cells', '--build'], { cwd: root });
    expect(result).toMatchObject({
      code: 2,
      stderr: `autoswe: verify-cells --build: ${join(root, 'autoswe.yaml')} has no build: key (docs/CONFIG.md, "build")\n`,
    });
  });
});
