import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { claudeCodeBinary, claudeCodeEnv, ModelApi } from '../helpers/model-api.js';
import {
  type DemoWorkspace,
  readState,
  setupDemo,
  verdictLines,
  waitFor,
  withAgent,
} from './loop-helpers.js';

let demo: DemoWorkspace | undefined;
let api: ModelApi | undefined;
let run: { child: ReturnType<typeof spawn>; exited: Promise<unknown>; output: string } | undefined;
afterEach(async () => {
  run?.child.kill('SIGTERM');
  await run?.exited;
  run = undefined;
  await api?.stop();
  demo?.cleanup();
});

/** The demo's agent replaced by the real Claude Code CLI (private HOME, the stand-in model API), plus `limits`. */
function agentIsClaudeCode(
  config: string,
  home: string,
  claude: string,
  model: ModelApi,
  limits: string,
): void {
  mkdirSync(home, { recursive: true });
  const env = Object.entries(claudeCodeEnv(home, model))
    .map(([key, value]) => `    ${key}: "${value}"`)
    .join('\n');
  const agent = `agent:\n  adapter: claude-code\n  command: ["${claude}"]\n  options:\n    model: claude-sonnet-4-5\n  env:\n${env}\n`;
  const text = withAgent(readFileSync(config, 'utf8'), agent).replace(
    'max_iters: 10',
    `max_iters: 3\n${limits}`,
  );
  writeFileSync(config, text);
}

describe('spend from the real Claude Code CLI (stand-in model API)', () => {
  it("records the session's result event once in COSTS, shows it in cost and status, and the budget pauses before the next session", async () => {
    const claude = claudeCodeBinary();
    const missing = componentMissing('Claude Code CLI', claude !== undefined, 'npm ci installs it');
    if (missing || claude === undefined) return;
    demo = await setupDemo();
    const { root, config } = demo;
    // Every session: one text answer, no change; it costs what Claude Code computes from the stand-in's usage.
    api = await new ModelApi().start([{ text: 'Nothing to change.' }, { text: 'Still nothing.' }]);
    agentIsClaudeCode(config, join(root, 'agent-home'), claude, api, '  max_cost_usd: 0.000001');
    expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);

    // As the other real-CLI test: an IS_SANDBOX inherited from this shell would make Claude Code refuse root.
    const child = spawn(process.execPath, [BIN, 'run', '--config', config], {
      cwd: root,
      env: {
        ...process.env,
        NO_COLOR: '1',
        AUTOSWE_REPO_ROOT: '',
        AUTOSWE_RUNTIME_DIR: '',
        IS_SANDBOX: '',
        AUTOSWE_PROXY_BASE: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const live = { child, exited: new Promise((resolve) => child.on('close', resolve)), output: '' };
    run = live;
    child.stdout?.on('data', (chunk) => {
      live.output += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      live.output += String(chunk);
    });
    await waitFor(
      'the budget pause',
      () => readState(root).status === 'PAUSED' || readState(root).status === 'DONE',
      90_000,
    );
    expect(live.output).toContain('PAUSED');
    expect(verdictLines(root)).toHaveLength(1);
    // One model request: the second session never started.
    expect(api.requests).toHaveLength(1);

    const transcript = readFileSync(String(verdictLines(root)[0]?.transcript), 'utf8');
    const result = transcript
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((event) => event.type === 'result');
    expect(result.total_cost_usd).toBeGreaterThan(0);
    const costs = readFileSync(join(root, '.autoswe', 'COSTS'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(costs).toHaveLength(1);
    expect(costs[0]).toMatchObject({
      module: 'calc',
      iter: 1,
      session_id: result.session_id,
      cost_usd: result.total_cost_usd,
      input_tokens: result.usage.input_tokens,
      output_tokens: result.usage.output_tokens,
    });
    expect(readFileSync(join(root, '.autoswe', 'PAUSE'), 'utf8')).toMatch(
      /budget: limits\.max_cost_usd \(\$0\.00\) reached: \$0\.\d+ spent in run \S+ \(1 session\)/,
    );

    const cost = JSON.parse((await runCli(['cost', '--json'], { cwd: root })).stdout);
    expect(cost.total).toMatchObject({
      sessions: 1,
      cost_usd: result.total_cost_usd,
      verdicts: 1,
      green_gained: 0,
    });
    const status = await runCli(['status'], { cwd: root });
    expect(status.stdout).toMatch(/spend {6}today \$0\.\d+, \d+ tok · run \$0\.\d+ \/ \$0\.00 \(1 session\)/);
  }, 120_000);
});
