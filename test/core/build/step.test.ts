import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBuild, runChecks } from '../../../src/core/build/build.js';
import { buildReason, checkReason, stepRecord } from '../../../src/core/build/records.js';
import { toolCache } from '../../../src/core/build/tool-cache.js';
import { describeMissingTool, lookUpTools } from '../../../src/core/build/tools.js';
import { parseConfig } from '../../../src/core/config/load.js';
import type { LoopConfig } from '../../../src/core/config/types.js';
import { type Workspace, workspaceAt } from '../../../src/core/runtime/workspace.js';
import { bwrapUnavailable } from '../../helpers/bwrap.js';
import { tempDir } from '../../helpers/cli.js';
import { componentMissing } from '../../helpers/components.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A workspace with a target folder and a config with the given build/checks/sandbox keys. */
async function setup(extra: string): Promise<{ workspace: Workspace; config: LoopConfig; dir: string }> {
  const { dir, cleanup } = tempDir('autoswe-build-');
  cleanups.push(cleanup);
  mkdirSync(join(dir, 'target'));
  const workspace = workspaceAt(dir, {});
  const config = await parseConfig(
    `target: ./target
legacy: {command: [cat, "{case}"]}
new: {command: [cat, "{case}"]}
modules: {m: {cases: ["cases/*.txt"]}}
${extra}
`,
    join(dir, 'autoswe.yaml'),
    dir,
  );
  return { workspace, config, dir };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };

describe('runBuild', () => {
  it('runs the commands in order in the target and logs each with its exit', async () => {
    const { workspace, config, dir } = await setup(
      'build: [["sh", "-c", "echo one; pwd"], ["sh", "-c", "echo two >&2"]]',
    );
    const log = join(dir, 'runs', 'iter-1.build.log');
    const outcome = await runBuild(workspace, config, { env: ENV, log });
    expect(outcome).toMatchObject({ status: 'ok', failedCommand: null, firstError: null, aborted: false });
    const text = readFileSync(log, 'utf8');
    expect(text).toBe(outcome?.output);
    expect(text).toMatch(
      /^\$ sh -c 'echo one; pwd' {4}\(in .+\/target\)\none\n.+\/target\n\[exit 0 after \d+\.\d s\]\n/,
    );
    expect(text).toMatch(/\$ sh -c 'echo two >&2' .*\ntwo\n\[exit 0 after/);
  });

  it('stops at the first failing command, with its first error line and exit code', async () => {
    const { workspace, config } = await setup(
      `build:
  - ["sh", "-c", "echo '# example.com/x' >&2; echo 'main.go:3:9: undefined: y' >&2; exit 2"]
  - ["sh", "-c", "echo never"]`,
    );
    const outcome = await runBuild(workspace, config, { env: ENV });
    expect(outcome).toMatchObject({ status: 'failed', exitCode: 2, firstError: 'main.go:3:9: undefined: y' });
    expect(outcome?.output).not.toContain('never');
    const record = stepRecord(outcome as NonNullable<typeof outcome>);
    expect(buildReason(record)).toBe('build failed: main.go:3:9: undefined: y');
    expect(record.command).toBe(
      "sh -c 'echo '\\''# example.com/x'\\'' >&2; echo '\\''main.go:3:9: undefined: y'\\'' >&2; exit 2'",
    );
  });

  it('a build that hangs is killed, with everything it started, at the timeout', async () => {
    const { workspace, config, dir } = await setup(
      `build: {commands: [["sh", "-c", "sleep 600 & echo $! > ${'$'}PIDS; wait"]], timeout: 500ms, env: {PIDS: pids}}`,
    );
    const outcome = await runBuild(workspace, config, { env: ENV });
    expect(outcome).toMatchObject({ status: 'timed-out', timeoutMs: 500 });
    expect(buildReason(stepRecord(outcome as NonNullable<typeof outcome>))).toBe(
      'build timed out after 0.5 s',
    );
    const sleeper = Number(readFileSync(join(dir, 'target', 'pids'), 'utf8'));
    const until = Date.now() + 10_000;
    while (alive(sleeper) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(sleeper)).toBe(false);
  });

  it('a program that cannot start fails the build saying so', async () => {
    const { workspace, config } = await setup('build: [["no-such-build-tool-4711"]]');
    const outcome = await runBuild(workspace, config, { env: ENV });
    expect(outcome).toMatchObject({
      status: 'failed',
      firstError: 'cannot run: no-such-build-tool-4711: command not found',
    });
  });

  it('an abort stops the build and says it was aborted', async () => {
    const { workspace, config } = await setup('build: [["sleep", "600"]]');
    const controller = new AbortController();
    const running = runBuild(workspace, config, { env: ENV, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect(await running).toMatchObject({ aborted: true });
  });

  it('no build: key, no build', async () => {
    const { workspace, config } = await setup('');
    expect(await runBuild(workspace, config, { env: ENV })).toBeNull();
  });
});

describe('runChecks', () => {
  it('runs every check, each in its own log, with the build env under its own', async () => {
    const { workspace, config, dir } =
      await setup(`build: {commands: [["true"]], env: {A: from-build, B: from-build}}
checks:
  env: ["sh", "-c", "echo $A $B"]
  broken: {command: ["sh", "-c", "echo 'x_test.go:4: want 1' ; exit 1"], on_fail: note, env: {B: own}}
  last: ["sh", "-c", "echo $B"]`);
    const outcomes = await runChecks(workspace, config, {
      env: ENV,
      logFor: (name) => join(dir, `check-${name}.log`),
    });
    expect(outcomes.map(({ check, outcome }) => [check.name, check.on_fail, outcome.status])).toEqual([
      ['env', 'revert', 'ok'],
      ['broken', 'note', 'failed'],
      ['last', 'revert', 'ok'],
    ]);
    expect(readFileSync(join(dir, 'check-env.log'), 'utf8')).toContain('\nfrom-build from-build\n');
    const broken = outcomes[1]?.outcome;
    expect(checkReason('broken', stepRecord(broken as NonNullable<typeof broken>))).toBe(
      'check broken failed: x_test.go:4: want 1',
    );
  });
});

describe('tools', () => {
  it('looks up every build and check program without starting it, naming the missing ones', async () => {
    const { config } = await setup(`build: [["sh", "-c", "true"], ["./make.sh"]]
checks: {vet: ["go-vet-that-is-not-there", "./..."]}`);
    const tools = lookUpTools(config, process.env);
    expect(tools.map((tool) => [tool.step, tool.program, tool.found !== null])).toEqual([
      ['build', 'sh', true],
      ['build', './make.sh', false],
      ['check vet', 'go-vet-that-is-not-there', false],
    ]);
    expect(describeMissingTool(tools[2] as (typeof tools)[number])).toBe(
      "check vet: 'go-vet-that-is-not-there' is not installed (not found on PATH)",
    );
    expect(describeMissingTool({ step: 'build', program: 'go', found: null })).toBe(
      "build: 'go' is not installed (not found on PATH; Debian/Ubuntu: apt-get install golang-go; elsewhere https://go.dev/dl/)",
    );
  });
});

const noBwrap = componentMissing('bwrap', bwrapUnavailable() === null, bwrapUnavailable() ?? '');

describe('tool caches', () => {
  it('with sandbox: none the environment is left alone', async () => {
    const { workspace, config } = await setup('sandbox: none');
    expect(toolCache(workspace, config)).toEqual({ env: {}, writable: [] });
  });

  it.skipIf(noBwrap)(
    'under bwrap Go caches point into <runtime>/cache (writable there), unless env sets them',
    async () => {
      const { workspace, config, dir } = await setup(`sandbox: bwrap
build: {commands: [["sh", "-c", "touch $GOCACHE/written && echo $GOPATH $GOMODCACHE"]], env: {GOMODCACHE: /elsewhere}}`);
      const outcome = await runBuild(workspace, config, { env: ENV });
      expect(outcome?.status).toBe('ok');
      expect(existsSync(join(dir, '.autoswe', 'cache', 'go-build', 'written'))).toBe(true);
      expect(outcome?.output).toContain(`${join(dir, '.autoswe', 'cache', 'gopath')} /elsewhere\n`);
    },
  );
});
