import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { type DemoWorkspace, setupDemo, verdictLines } from './loop-helpers.js';

let demo: DemoWorkspace | undefined;
const cleanups: (() => void)[] = [];
afterEach(() => {
  demo?.cleanup();
  demo = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The demo with its scripted agent started through `./bin/agent`, a wrapper in the workspace root. */
async function demoWithRelativeAgent(adapter: 'command' | 'claude-code' = 'command'): Promise<DemoWorkspace> {
  const workspace = await setupDemo({
    maxIters: 1,
    edit: (text) =>
      text.replace(
        /^ {2}adapter: command\n {2}command: .*$/m,
        `  adapter: ${adapter}\n  command: ["./bin/agent", "--module", "{module}", "--prompt", "{prompt}"]`,
      ),
  });
  mkdirSync(join(workspace.root, 'bin'));
  const wrapper = join(workspace.root, 'bin', 'agent');
  writeFileSync(wrapper, '#!/bin/sh\nexec node "$(dirname "$0")/../agent/scripted-agent.mjs" "$@"\n');
  chmodSync(wrapper, 0o755);
  return workspace;
}

interface Check {
  readonly name: string;
  readonly status: string;
  readonly detail: string;
}

async function preflightAgent(root: string, env: NodeJS.ProcessEnv = {}): Promise<Check | undefined> {
  const result = await runCli(['preflight', '--json'], { cwd: root, env });
  const checks = JSON.parse(result.stdout).checks as Check[];
  return checks.find((check) => check.name === 'agent');
}

describe('a relative agent.command is taken from the workspace root, in preflight and run alike', () => {
  it('preflight finds ./bin/agent in the root, and the run spawns that very file from the target', async () => {
    demo = await demoWithRelativeAgent();
    expect(await preflightAgent(demo.root)).toMatchObject({
      status: 'pass',
      detail: `command agent './bin/agent' at ${join(demo.root, 'bin', 'agent')}`,
    });
    const result = await runCli(['run', '--config', demo.config], { cwd: demo.root, timeoutMs: 60_000 });
    expect(result.stderr).not.toContain('ENOENT');
    // One ACCEPT, then max_iters with RED cells left: exit 3 (MAX_ITERS), not a failure to spawn.
    expect(result.code, result.stderr).toBe(3);
    expect(verdictLines(demo.root)[0]).toMatchObject({ verdict: 'ACCEPT' });
  }, 90_000);

  it('preflight fails when ./bin/agent exists only in the target (the run would not find it)', async () => {
    demo = await demoWithRelativeAgent();
    const target = join(demo.root, 'target');
    mkdirSync(join(target, 'bin'));
    writeFileSync(join(target, 'bin', 'agent'), '#!/bin/sh\n');
    chmodSync(join(target, 'bin', 'agent'), 0o755);
    writeFileSync(join(demo.root, 'bin', 'agent'), '');
    chmodSync(join(demo.root, 'bin', 'agent'), 0o644);
    expect(await preflightAgent(demo.root)).toMatchObject({
      status: 'fail',
      detail: "command agent './bin/agent' not found (PATH, or relative to the root)",
    });
  }, 60_000);
});

describe('preflight fails when Claude Code managed settings switch the autoswe hook off', () => {
  it.each([
    ['managed-settings.json', '{"disableAllHooks": true}', 'sets "disableAllHooks": true'],
    ['managed-settings.json', '{"disableAllHooks": "yes"}', 'sets "disableAllHooks": "yes"'],
    [
      'managed-settings.d/10-org.json',
      '{"allowManagedHooksOnly": true}',
      'sets "allowManagedHooksOnly": true',
    ],
    ['managed-settings.json', '{not json', 'is not valid JSON'],
  ])(
    '%s with %s',
    async (file, text, why) => {
      demo = await demoWithRelativeAgent('claude-code');
      const { dir, cleanup } = tempDir('autoswe-managed-');
      cleanups.push(cleanup);
      mkdirSync(join(dir, 'managed-settings.d'));
      writeFileSync(join(dir, file), text);
      const check = await preflightAgent(demo.root, { AUTOSWE_CLAUDE_MANAGED_DIR: dir });
      expect(check?.status).toBe('fail');
      expect(check?.detail).toContain(`${join(dir, file)} ${why}`);
      expect(check?.detail).toContain('the autoswe hook could not run');
    },
    60_000,
  );

  it('passes with managed settings that leave hooks alone, or none at all', async () => {
    demo = await demoWithRelativeAgent('claude-code');
    const { dir, cleanup } = tempDir('autoswe-managed-');
    cleanups.push(cleanup);
    expect((await preflightAgent(demo.root, { AUTOSWE_CLAUDE_MANAGED_DIR: dir }))?.status).toBe('pass');
    writeFileSync(join(dir, 'managed-settings.json'), '{"disableAllHooks": false, "model": "x"}');
    expect((await preflightAgent(demo.root, { AUTOSWE_CLAUDE_MANAGED_DIR: dir }))?.status).toBe('pass');
  }, 60_000);
});
