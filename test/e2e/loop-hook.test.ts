import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { type DemoWorkspace, setupDemo } from './loop-helpers.js';

let demo: DemoWorkspace | undefined;
afterEach(() => demo?.cleanup());

const event = (root: string, tool_name: string, tool_input: object) =>
  JSON.stringify({
    session_id: 's',
    cwd: join(root, 'target'),
    hook_event_name: 'PreToolUse',
    tool_name,
    tool_input,
    tool_use_id: 't1',
  });

/** A workspace whose loop has run once, so the hook policy exists. */
async function ranWorkspace(): Promise<DemoWorkspace> {
  const ws = await setupDemo({ maxIters: 1 });
  const run = await runCli(['run', '--config', ws.config], { cwd: ws.root, timeoutMs: 30_000 });
  if (run.code !== 3) throw new Error(run.stderr);
  return ws;
}

describe('autoswe hook pre-tool-use', () => {
  it('allows an ordinary tool call silently (exit 0, no decision printed)', async () => {
    demo = await ranWorkspace();
    const result = await runCli(['--root', demo.root, 'hook', 'pre-tool-use'], {
      input: event(demo.root, 'Write', { file_path: 'src/calc.mjs', content: 'x' }),
    });
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
  }, 40_000);

  it('denies a write to a protected path with the Claude Code deny JSON', async () => {
    demo = await ranWorkspace();
    const result = await runCli(['hook', 'pre-tool-use', '--root', demo.root], {
      input: event(demo.root, 'Edit', { file_path: 'tests/README.md' }),
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: 'autoswe: target/tests/README.md is protected; the agent may not change it',
      },
    });
  }, 40_000);

  it('denies everything while hard paused, with the pause reason', async () => {
    demo = await ranWorkspace();
    await runCli(['pause', '--hard', '-m', 'stop the world'], { cwd: demo.root });
    const result = await runCli(['hook', 'pre-tool-use', '--root', demo.root], {
      input: event(demo.root, 'Read', { file_path: 'main.mjs' }),
    });
    const answer = JSON.parse(result.stdout);
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(
      /^autoswe: hard paused .*stop the world/,
    );
    // And the agent's turn ends there (Claude Code's "continue": false), the reason shown to the operator.
    expect(answer).toMatchObject({
      continue: false,
      stopReason: answer.hookSpecificOutput.permissionDecisionReason,
    });
  }, 40_000);

  it('fails closed: a bad event, a corrupt or missing policy, an unreadable runtime dir, misuse, or no workspace block with exit 2 (never 1)', async () => {
    demo = await ranWorkspace();
    const bad = await runCli(['hook', 'pre-tool-use', '--root', demo.root], { input: 'not json' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^autoswe hook: denied because the hook failed: /);

    const policy = join(demo.root, '.autoswe', 'hook-policy.json');
    for (const [text, why] of [
      ['{"root":', ' is not valid JSON'],
      ['null', ': (top level): expected an object, got null'],
      ['{"root":"/"}', ': runtime_dir: expected a string, got nothing (the key is missing)'],
      [
        '{"root":"/","runtime_dir":"/r","target":"/t","protected_globs":["a",3]}',
        ': protected_globs.1: expected a string, got 3',
      ],
    ] as const) {
      writeFileSync(policy, text);
      const corrupt = await runCli(['hook', 'pre-tool-use', '--root', demo.root], {
        input: event(demo.root, 'Read', { file_path: 'main.mjs' }),
      });
      expect(corrupt.code).toBe(2);
      expect(corrupt.stderr).toContain(`${policy}${why}`);
    }

    // A runtime dir that cannot be read (here a file where the folder should be).
    const unreadable = await runCli(['hook', 'pre-tool-use', '--root', demo.root], {
      input: event(demo.root, 'Read', { file_path: 'main.mjs' }),
      env: { AUTOSWE_RUNTIME_DIR: join(demo.root, 'autoswe.yaml') },
    });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/^autoswe hook: denied because the hook failed: cannot read .*ENOTDIR/);

    // Wrong usage of the hook itself blocks too (2), never 1.
    for (const args of [['hook', 'pre-tool-use', '--bogus'], ['hook', 'post-tool-use'], ['hook']]) {
      const misuse = await runCli([...args, '--root', demo.root], { input: '{}' });
      expect(misuse.code).toBe(2);
    }

    rmSync(policy);
    const noPolicy = await runCli(['--root', demo.root, 'hook', 'pre-tool-use'], {
      input: event(demo.root, 'Read', { file_path: 'main.mjs' }),
    });
    expect(noPolicy.code).toBe(2);
    expect(noPolicy.stderr).toContain('no hook policy at');

    const { dir, cleanup } = tempDir();
    try {
      const nowhere = await runCli(['hook', 'pre-tool-use'], { cwd: dir, input: '{}' });
      expect(nowhere.code).toBe(2);
      expect(nowhere.stderr).toContain('not inside an autoswe workspace');
    } finally {
      cleanup();
    }
  }, 40_000);
});
