import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('fails closed in a workspace: a bad event, an unusable --root, runtime dir or config, or misuse block with exit 2 (never 1)', async () => {
    demo = await setupDemo({ maxIters: 1 });
    const hook = (input: string, options: { env?: NodeJS.ProcessEnv; root?: string } = {}) =>
      runCli(['hook', 'pre-tool-use', '--root', options.root ?? demo?.root ?? ''], {
        input,
        env: options.env,
      });
    const bad = await hook('not json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^autoswe hook: denied because the hook failed: /);

    // A runtime dir that cannot be read (here a file where the folder should be).
    const unreadable = await hook(event(demo.root, 'Read', { file_path: 'main.mjs' }), {
      env: { AUTOSWE_RUNTIME_DIR: join(demo.root, 'autoswe.yaml') },
    });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/^autoswe hook: denied because the hook failed: cannot read .*ENOTDIR/);

    // --root naming something unusable: no such folder, or one without autoswe.yaml.
    for (const root of [join(demo.root, 'nope'), join(demo.root, 'target')]) {
      const unusable = await hook(event(demo.root, 'Read', { file_path: 'main.mjs' }), { root });
      expect(unusable.code).toBe(2);
      expect(unusable.stderr).toContain(`--root ${root} holds no autoswe.yaml`);
    }

    // Wrong usage of the hook itself blocks too (2), never 1.
    for (const args of [['hook', 'pre-tool-use', '--bogus'], ['hook', 'post-tool-use'], ['hook']]) {
      const misuse = await runCli([...args, '--root', demo.root], { input: '{}' });
      expect(misuse.code).toBe(2);
    }

    // A config the hook cannot read its protected set from.
    const config = readFileSync(demo.config, 'utf8');
    for (const [text, why] of [
      ['target: [unclosed', 'not valid YAML'],
      [
        config.replace('protected: ["cases/**", "legacy/**", "target/tests/**"]', 'protected: "cases/**"'),
        'protected: expected a list of globs',
      ],
    ] as const) {
      writeFileSync(demo.config, text);
      const broken = await hook(event(demo.root, 'Read', { file_path: 'main.mjs' }));
      expect(broken.code).toBe(2);
      expect(broken.stderr).toContain(why);
    }
  }, 60_000);

  it('behaves the same before any run as after one: enforces the config, caches it per version of autoswe.yaml', async () => {
    demo = await setupDemo({ maxIters: 1 });
    const policy = join(demo.root, '.autoswe', 'hook-policy.json');
    expect(existsSync(policy)).toBe(false);
    const ask = (tool: string, input: object) =>
      runCli(['hook', 'pre-tool-use', '--root', demo?.root ?? ''], {
        input: event(demo?.root ?? '', tool, input),
      });
    const denied = async (tool: string, input: object) => {
      const result = await ask(tool, input);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout === ''
        ? null
        : JSON.parse(result.stdout).hookSpecificOutput.permissionDecisionReason;
    };
    const before = {
      read: await denied('Read', { file_path: 'main.mjs' }),
      ordinary: await denied('Write', { file_path: 'src/calc.mjs' }),
      protectedWrite: await denied('Edit', { file_path: 'tests/README.md' }),
      bash: await denied('Bash', { command: 'cd .. && printf x >> .autoswe/VERDICTS' }),
      run: await denied('Bash', { command: 'cd .. && node target/main.mjs calc cases/calc/add.txt' }),
    };
    expect(before).toEqual({
      read: null,
      ordinary: null,
      protectedWrite: 'autoswe: target/tests/README.md is protected; the agent may not change it',
      bash: expect.stringContaining('would write .autoswe/VERDICTS'),
      run: null,
    });
    // The cache it wrote is for these very bytes of the config, with no run.
    const cached = JSON.parse(readFileSync(policy, 'utf8'));
    expect(cached).toMatchObject({
      config: demo.config,
      run: null,
      protected_globs: expect.arrayContaining(['target/tests/**']),
    });
    expect(cached.config_sha256).toBe(createHash('sha256').update(readFileSync(demo.config)).digest('hex'));

    const run = await runCli(['run', '--config', demo.config], { cwd: demo.root, timeoutMs: 60_000 });
    // A short run that stops at max_iters with RED cells left: MAX_ITERS, exit 3.
    expect(run.code, run.stderr).toBe(3);
    expect(JSON.parse(readFileSync(policy, 'utf8')).run).toMatch(/^\d{8}T/);
    const after = {
      read: await denied('Read', { file_path: 'main.mjs' }),
      ordinary: await denied('Write', { file_path: 'src/calc.mjs' }),
      protectedWrite: await denied('Edit', { file_path: 'tests/README.md' }),
      bash: await denied('Bash', { command: 'cd .. && printf x >> .autoswe/VERDICTS' }),
      run: await denied('Bash', { command: 'cd .. && node target/main.mjs calc cases/calc/add.txt' }),
    };
    expect(after).toEqual(before);

    // A new version of autoswe.yaml is enforced at once: no stale policy.
    writeFileSync(
      demo.config,
      `${readFileSync(demo.config, 'utf8').replace('protected: ["cases/**", "legacy/**", "target/tests/**"]', 'protected: ["cases/**", "legacy/**", "target/docs/**"]')}`,
    );
    // (A file LOCK.json covers stays protected until 'lock-check --update'; a new one is free now.)
    expect(await denied('Edit', { file_path: 'tests/README.md' })).toContain('is protected');
    expect(await denied('Write', { file_path: 'tests/new.md' })).toBeNull();
    expect(await denied('Write', { file_path: 'docs/x.md' })).toContain('target/docs/x.md is protected');
    expect(JSON.parse(readFileSync(policy, 'utf8')).protected_globs).toContain('target/docs/**');

    // A corrupt cache is rebuilt, not trusted; a forged one cannot drop the config, rules or runtime dir.
    writeFileSync(policy, '{"root":');
    expect(await denied('Write', { file_path: 'docs/x.md' })).toContain('is protected');
    const forged = { ...JSON.parse(readFileSync(policy, 'utf8')), protected_globs: [], protected_files: [] };
    writeFileSync(policy, JSON.stringify(forged));
    expect(await denied('Write', { file_path: '../autoswe.yaml' })).toContain('autoswe.yaml is protected');
    expect(await denied('Write', { file_path: '../rules.yaml' })).toContain('rules.yaml is protected');
    expect(await denied('Write', { file_path: '../.autoswe/hook-policy.json' })).toContain('is protected');

    // Hard pause holds with or without a run.
    await runCli(['pause', '--hard', '-m', 'stop'], { cwd: demo.root });
    expect(await denied('Read', { file_path: 'main.mjs' })).toMatch(/^autoswe: hard paused/);
  }, 90_000);

  it('finds the workspace from the event cwd without --root; outside any workspace it gives no decision', async () => {
    demo = await setupDemo({ maxIters: 1 });
    const inside = await runCli(['hook', 'pre-tool-use'], {
      cwd: demo.root,
      input: event(demo.root, 'Edit', { file_path: 'tests/README.md' }),
      env: { AUTOSWE_REPO_ROOT: '' },
    });
    expect(inside.code).toBe(0);
    expect(inside.stdout).toContain('is protected');
    const { dir, cleanup } = tempDir();
    try {
      for (const input of [
        JSON.stringify({ tool_name: 'Write', tool_input: { file_path: join(dir, 'x') }, cwd: dir }),
        JSON.stringify({ tool_name: 'Bash', tool_input: { command: 'rm -rf .' }, cwd: dir }),
        'not json',
        '',
      ]) {
        const nowhere = await runCli(['hook', 'pre-tool-use'], {
          cwd: dir,
          input,
          env: { AUTOSWE_REPO_ROOT: '' },
        });
        expect(nowhere).toMatchObject({ code: 0, stdout: '', stderr: '' });
      }
      // Hard paused workspace elsewhere: other projects are still left alone.
      await runCli(['pause', '--hard'], { cwd: demo.root });
      const other = await runCli(['hook', 'pre-tool-use'], {
        cwd: dir,
        input: JSON.stringify({ tool_name: 'Read', tool_input: { file_path: 'x' }, cwd: dir }),
        env: { AUTOSWE_REPO_ROOT: '' },
      });
      expect(other).toMatchObject({ code: 0, stdout: '' });
    } finally {
      cleanup();
    }
  }, 60_000);
});
