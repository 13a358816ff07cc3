import { runClaudeCode } from './claude-code.js';
import { runCommandAgent } from './command.js';
import type { AgentOutcome, AgentRequest } from './process.js';
import type { AgentConfig } from './settings.js';

export type { AgentOutcome, AgentRequest } from './process.js';

/** Runs one agent session with the configured adapter. */
export function runAgent(config: AgentConfig, request: AgentRequest): Promise<AgentOutcome> {
  return config.agent.adapter === 'claude-code'
    ? runClaudeCode(config, request)
    : runCommandAgent(config, request);
}
