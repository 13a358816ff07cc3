import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { fillPlaceholders } from '../../base/placeholders.js';
import { type AgentOutcome, type AgentRequest, promptArgument, runAgentProcess } from './process.js';
import { withAgentProgram } from './program.js';
import type { AgentConfig } from './settings.js';

/**
 * Any program as the agent: {prompt}, {module} and {workdir} in its arguments are replaced; it also gets
 * the same values, the prompt file and the hook command line in AUTOSWE_* variables, so a script can
 * honour the hook the way Claude Code does.
 */
export function commandArgv(config: AgentConfig, request: AgentRequest): string[] {
  const command = config.agent.command;
  if (command === null || command.length === 0) {
    throw new AutosweError(
      `${config.file}: agent.command: expected a command for adapter 'command'`,
      EXIT_USAGE,
    );
  }
  return fillPlaceholders(withAgentProgram(command, config.root), {
    prompt: promptArgument(request),
    module: request.module,
    workdir: request.workdir,
  });
}

export function commandEnv(config: AgentConfig, request: AgentRequest): NodeJS.ProcessEnv {
  return {
    ...request.env,
    ...config.agent.env,
    AUTOSWE_MODULE: request.module,
    AUTOSWE_WORKDIR: request.workdir,
    AUTOSWE_PROMPT_FILE: request.promptFile,
    AUTOSWE_HOOK_COMMAND: request.hookCommand,
  };
}

export function runCommandAgent(config: AgentConfig, request: AgentRequest): Promise<AgentOutcome> {
  return runAgentProcess(commandArgv(config, request), request, commandEnv(config, request));
}
