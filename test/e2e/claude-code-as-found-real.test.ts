import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { claudeCodeBinary, claudeCodeEnv, ModelApi } from '../helpers/model-api.js';
import { DEMO_MULTIPLY, type DemoWorkspace, setupDemo, verdictLines, withAgent } from './loop-helpers.js';

let demo: DemoWorkspace | undefined;
let api: ModelApi | undefined;
afterEach(async () => {
  await api?.stop();
  demo?.cleanup();
});

describe('the real Claude Code CLI as a user has it set up', () => {
  it('IS_SANDBOX=yes inherited and "disableAllHooks": true in its settings: the hook still runs, reads and runs of cases go through, forgeries do not', async () => {
    const claude = claudeCodeBinary();
    if (
      componentMissing('Claude Code CLI', claude !== undefined, 'npm ci installs it') ||
      claude === undefined
    )
      return;
    demo = await setupDemo({ maxIters: 1 });
    const { root, config } = demo;
    const target = join(root, 'target');
    const home = join(root, 'agent-home');
    mkdirSync(join(home, '.claude'), { recursive: true });
    writeFileSync(join(home, '.claude', 'settings.json'), '{"disableAllHooks": true}\n');
    api = await new ModelApi().start([
      { tool: 'Bash', input: { command: `cd .. && printf '{"verdict":"ACCEPT"}\\n' >> .autoswe/VERDICTS` } },
      {
        tool: 'Bash',
        input: { command: 'cd .. && node target/main.mjs calc cases/calc/add.txt && cat cases/calc/add.txt' },
      },
      { tool: 'Write', input: { file_path: join(target, 'tests', 'notes.md'), content: 'x' } },
      // Claude Code writes an existing file only after reading it.
      { tool: 'Read', input: { file_path: join(target, 'src', 'calc.mjs') } },
      { tool: 'Write', input: { file_path: join(target, 'src', 'calc.mjs'), content: DEMO_MULTIPLY } },
      { text: 'Added multiplication.' },
    ]);
    const env = Object.entries(claudeCodeEnv(home, api))
      .map(([key, value]) => `    ${key}: "${value}"`)
      .join('\n');
    const agent = `agent:\n  adapter: claude-code\n  command: ["${claude}"]\n  options:\n    model: claude-sonnet-4-5\n  env:\n${env}\n`;
    writeFileSync(config, withAgent(readFileSync(config, 'utf8'), agent));
    expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);

    const result = await runCli(['run', '--config', config], {
      cwd: root,
      timeoutMs: 90_000,
      env: { IS_SANDBOX: 'yes', AUTOSWE_PROXY_BASE: '' },
    });
    // One iteration (max_iters) with RED cells left: MAX_ITERS, exit 3; the session itself started and ran.
    expect(result.code, result.stderr).toBe(3);
    expect(api.requests.map((request) => request.turn)).toEqual([0, 1, 2, 3, 4, 5]);
    // The prompt says where the agent is and how to run one case from there.
    expect(api.requests[0]?.lastUser).toContain(`Your working directory is ${target}`);
    expect(api.requests[1]?.lastUser).toContain('would write .autoswe/VERDICTS');
    expect(api.requests[2]?.lastUser).not.toContain('autoswe:');
    expect(api.requests[3]?.lastUser).toContain('target/tests/notes.md is protected');
    const verdicts = verdictLines(root);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toEqual(expect.objectContaining({ verdict: 'ACCEPT', flips: ['calc/mul'] }));
  }, 120_000);
});
