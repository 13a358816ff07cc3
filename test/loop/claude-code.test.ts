import { describe, expect, it } from 'vitest';
import { claudeArgv, claudeEnv, claudeSettings } from '../../src/adapters/agents/claude-code.js';
import {
  type AgentRequest,
  MAX_PROMPT_ARG_CHARS,
  promptArgument,
} from '../../src/adapters/agents/process.js';
import type { AgentConfig, AgentOptions } from '../../src/adapters/agents/settings.js';

function config(options: Partial<AgentOptions> = {}, env: Record<string, string> = {}): AgentConfig {
  return {
    file: '/ws/autoswe.yaml',
    agent: {
      adapter: 'claude-code',
      command: ['claude'],
      options: {
        model: null,
        max_turns: null,
        max_budget_usd: null,
        permission_mode: null,
        extra_args: [],
        ...options,
      },
      env,
      outcome_command: null,
    },
    proxy: { base: 'http://127.0.0.1:8011' },
  };
}

const request = (env: NodeJS.ProcessEnv): AgentRequest => ({ env }) as unknown as AgentRequest;

describe('claude-code adapter', () => {
  it('builds the headless command line with every configured option, extra args last', () => {
    const argv = claudeArgv(
      config({
        model: 'qwen',
        max_turns: 30,
        max_budget_usd: 2.5,
        permission_mode: 'acceptEdits',
        extra_args: ['--x'],
      }),
      'do it',
      '/run/settings.json',
    );
    expect(argv).toEqual([
      'claude',
      '-p',
      'do it',
      '--output-format',
      'stream-json',
      '--verbose',
      '--settings',
      '/run/settings.json',
      '--model',
      'qwen',
      '--max-turns',
      '30',
      '--max-budget-usd',
      '2.5',
      '--permission-mode',
      'acceptEdits',
      '--x',
    ]);
  });

  it('runs headless with bypassPermissions unless a permission mode is configured (nobody is there to approve)', () => {
    const defaults = claudeArgv(config(), 'p', 's');
    expect(defaults[defaults.indexOf('--permission-mode') + 1]).toBe('bypassPermissions');
    expect(defaults).not.toContain('--dangerously-skip-permissions');
    const chosen = claudeArgv(config({ permission_mode: 'acceptEdits' }), 'p', 's');
    expect(chosen.filter((word) => word === '--permission-mode')).toHaveLength(1);
    expect(chosen[chosen.indexOf('--permission-mode') + 1]).toBe('acceptEdits');
  });

  it('points ANTHROPIC_BASE_URL at the proxy unless chosen already; IS_SANDBOX=1 for root', () => {
    expect(claudeEnv(config(), request({}), true)).toMatchObject({
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:8011',
      IS_SANDBOX: '1',
    });
    expect(claudeEnv(config(), request({ AUTOSWE_PROXY_BASE: 'http://p:9' }), false).ANTHROPIC_BASE_URL).toBe(
      'http://p:9',
    );
    const chosen = claudeEnv(
      config({}, { ANTHROPIC_BASE_URL: 'https://api.anthropic.com' }),
      request({}),
      false,
    );
    expect(chosen.ANTHROPIC_BASE_URL).toBe('https://api.anthropic.com');
    expect(chosen.IS_SANDBOX).toBeUndefined();
  });

  it('installs the hook for every tool in the settings file', () => {
    expect(claudeSettings('autoswe hook pre-tool-use || exit 2')).toEqual({
      hooks: {
        PreToolUse: [
          { matcher: '*', hooks: [{ type: 'command', command: 'autoswe hook pre-tool-use || exit 2' }] },
        ],
      },
    });
  });
  it('hands a prompt too long for one argument over as its file', () => {
    const short = { prompt: 'fix calc', promptFile: '/r/iter-1.prompt.md' };
    expect(promptArgument(short)).toBe('fix calc');
    const long = { prompt: 'x'.repeat(MAX_PROMPT_ARG_CHARS + 1), promptFile: '/r/iter-1.prompt.md' };
    expect(promptArgument(long)).toMatch(
      /^Your task is too long to pass here: read it in full from \/r\/iter-1\.prompt\.md/,
    );
  });
});
