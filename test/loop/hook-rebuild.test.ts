import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { workspaceAt } from '../../src/core/runtime/workspace.js';
import { runLoop } from '../../src/loop/runner.js';
import { type DemoWorkspace, readState, setupDemo, verdictLines, waitFor } from '../e2e/loop-helpers.js';
import { runCli } from '../helpers/cli.js';

let demo: DemoWorkspace | undefined;
afterEach(() => demo?.cleanup());

describe('runtime-dir integrity and the hook', () => {
  it("the hook's own rebuild of hook-policy.json for a config edited mid-run is no forgery", async () => {
    demo = await setupDemo({ delayMs: 1500, maxIters: 1 });
    const { root, config } = demo;
    const workspace = workspaceAt(root, {});
    const env = { ...process.env, AUTOSWE_RUNTIME_DIR: '' };
    const running = runLoop(workspace, await loadConfig(workspace), {
      signal: new AbortController().signal,
      env,
      onEvent: () => undefined,
    });
    await waitFor('the agent to run', () => readState(root).vertex === 'implement');
    const before = readFileSync(join(root, '.autoswe', 'hook-policy.json'), 'utf8');
    // The operator protects one more folder while the agent works; the agent's next tool call runs the
    // hook, which finds the policy made from other bytes of the config and rebuilds it.
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('protected: [', 'protected: ["target/docs/**", '),
    );
    const event = JSON.stringify({
      cwd: join(root, 'target'),
      hook_event_name: 'PreToolUse',
      tool_name: 'Read',
      tool_input: { file_path: join(root, 'target', 'main.mjs') },
    });
    const call = await runCli(['hook', 'pre-tool-use', '--root', root], {
      input: event,
      env: { AUTOSWE_RUN_CONFIG: config },
    });
    expect(call.code).toBe(0);
    const rebuilt = readFileSync(join(root, '.autoswe', 'hook-policy.json'), 'utf8');
    expect(rebuilt).not.toBe(before);
    expect(JSON.parse(rebuilt).protected_globs).toContain('target/docs/**');

    await running;
    const [verdict] = verdictLines(root);
    // Whatever the judge made of the edited config itself (lock-check), the policy is not tampering.
    expect(JSON.stringify(verdict?.tampered ?? [])).not.toContain('hook-policy.json');
    expect(existsSync(join(root, '.autoswe', 'PAUSE_HARD'))).toBe(false);
  }, 60_000);
});
