import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AgentOutcome, type AgentRequest, promptArgument, runAgentProcess } from './process.js';
import { withAgentProgram } from './program.js';
import type { AgentConfig } from './settings.js';

/**
 * The settings file that installs `autoswe hook pre-tool-use` before every tool call (docs/RUNTIME.md
 * section 9). `"disableAllHooks": false` wins over a `true` in the user's or the project's settings, since
 * --settings outranks both (test/e2e/claude-code-hooks-real.test.ts); only managed settings outrank it,
 * and preflight fails on those (managed-settings.ts).
 */
export function claudeSettings(hookCommand: string): object {
  return {
    disableAllHooks: false,
    hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: hookCommand }] }] },
  };
}

/**
 * The headless Claude Code command line: prompt, stream-json on stdout (the transcript), the generated
 * settings file, and the configured model, limits and permission mode. Nobody is there to approve a tool
 * call, so without a configured mode it is bypassPermissions (the hook, lock-check and sandbox are the
 * guards; hooks still run and their deny wins): the headless way for any user, and as root the only one,
 * since Claude Code refuses --dangerously-skip-permissions there (IS_SANDBOX=1 goes in its env).
 */
export function claudeArgv(config: AgentConfig, prompt: string, settingsFile: string): string[] {
  const options = config.agent.options;
  const argv = withAgentProgram(config.agent.command ?? ['claude'], config.root);
  argv.push('-p', prompt, '--output-format', 'stream-json', '--verbose', '--settings', settingsFile);
  if (options.model !== null) argv.push('--model', options.model);
  if (options.max_turns !== null) argv.push('--max-turns', String(options.max_turns));
  if (options.max_budget_usd !== null) argv.push('--max-budget-usd', String(options.max_budget_usd));
  argv.push('--permission-mode', options.permission_mode ?? 'bypassPermissions');
  argv.push(...options.extra_args);
  return argv;
}

/**
 * Environment for Claude Code: the proxy as ANTHROPIC_BASE_URL unless already chosen; as root IS_SANDBOX=1
 * whatever the environment or agent.env carried, since Claude Code refuses any other value there
 * (`IS_SANDBOX=yes` gets "--dangerously-skip-permissions cannot be used with root").
 */
export function claudeEnv(config: AgentConfig, request: AgentRequest, isRoot: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...request.env, ...config.agent.env };
  env.ANTHROPIC_BASE_URL = agentModelBase(config, request.env);
  if (isRoot) env.IS_SANDBOX = '1';
  return env;
}

/**
 * The endpoint Claude Code talks to: agent.env's ANTHROPIC_BASE_URL, else the environment's, else the
 * proxy (AUTOSWE_PROXY_BASE, then proxy.base). The loop probes this one while the model is down.
 */
export function agentModelBase(config: AgentConfig, env: NodeJS.ProcessEnv): string {
  return (
    config.agent.env.ANTHROPIC_BASE_URL ||
    env.ANTHROPIC_BASE_URL ||
    env.AUTOSWE_PROXY_BASE ||
    config.proxy.base
  );
}

export function runClaudeCode(config: AgentConfig, request: AgentRequest): Promise<AgentOutcome> {
  const isRoot = process.getuid?.() === 0;
  const settingsFile = join(request.sessionDir, 'claude-settings.json');
  writeFileSync(settingsFile, `${JSON.stringify(claudeSettings(request.hookCommand), null, 2)}\n`);
  const argv = claudeArgv(config, promptArgument(request), settingsFile);
  return runAgentProcess(argv, request, claudeEnv(config, request, isRoot));
}
