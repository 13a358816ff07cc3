import { describe, expect, it } from 'vitest';
import { claudeArgv, claudeEnv, claudeSettings } from '../../src/adapters/agents/claude-code.js';
import { commandArgv } from '../../src/adapters/agents/command.js';
import {
  type AgentRequest,
  MAX_PROMPT_ARG_CHARS,
  promptArgument,
} from '../../src/adapters/agents/process.js';
import type { AgentConfig, AgentOptions } from '../../src/adapters/agents/settings.js';

function config(
  options: Partial<AgentOptions> = {},
  env: Record<string, string> = {},
  command: string[] = ['claude'],
): AgentConfig {
  return {
    file: '/ws/autoswe.yaml',
    root: '/ws',
    agent: {
      adapter: 'claude-code',
      command,
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
    expect(claudeEnv(config(), request({ IS_SANDBOX: 'yes' }), true).IS_SANDBOX).toBe('1');
  });

  it('as root IS_SANDBOX is 1 whatever the environment or agent.env carried; not root, left alone', () => {
    for (const inherited of ['yes', 'true', '0', '']) {
      expect(claudeEnv(config(), request({ IS_SANDBOX: inherited }), true).IS_SANDBOX).toBe('1');
      expect(claudeEnv(config({}, { IS_SANDBOX: inherited }), request({}), true).IS_SANDBOX).toBe('1');
    }
    expect(claudeEnv(config(), request({ IS_SANDBOX: 'yes' }), false).IS_SANDBOX).toBe('yes');
  });

  it('takes a relative agent.command from the workspace root; a bare name or absolute path as it is', () => {
    expect(claudeArgv(config({}, {}, ['./bin/claude-wrap', '--x']), 'p', 's').slice(0, 2)).toEqual([
      '/ws/bin/claude-wrap',
      '--x',
    ]);
    expect(claudeArgv(config({}, {}, ['../tools/claude']), 'p', 's')[0]).toBe('/tools/claude');
    expect(claudeArgv(config({}, {}, ['claude']), 'p', 's')[0]).toBe('claude');
    expect(claudeArgv(config({}, {}, ['/opt/claude']), 'p', 's')[0]).toBe('/opt/claude');
    const command = {
      ...config({}, {}, ['./agent.sh', '{module}']),
      agent: { ...config().agent, adapter: 'command' as const, command: ['./agent.sh', '{module}'] },
    };
    expect(
      commandArgv(command, {
        module: 'calc',
        prompt: 'p',
        promptFile: 'f',
        workdir: '/ws/t',
      } as AgentRequest),
    ).toEqual(['/ws/agent.sh', 'calc']);
  });

  it('installs the hook for every tool in the settings file, switched on over user and project settings', () => {
    expect(claudeSettings('autoswe hook pre-tool-use || exit 2')).toEqual({
      disableAllHooks: false,
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
