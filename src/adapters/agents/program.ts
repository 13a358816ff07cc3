import { isAbsolute, resolve } from 'node:path';

/**
 * The agent's program as it is spawned: a relative path (`./bin/claude-wrap`, anything with a `/`) is
 * taken from the workspace root, where the config is written, not from the target the agent runs in; a
 * bare name is looked up on PATH. Preflight checks the same path the run spawns.
 */
export function agentProgram(program: string, root: string): string {
  return program.includes('/') && !isAbsolute(program) ? resolve(root, program) : program;
}

/** `argv` with its program resolved by agentProgram(). */
export function withAgentProgram(argv: readonly string[], root: string): string[] {
  const [program, ...args] = argv;
  return program === undefined ? [] : [agentProgram(program, root), ...args];
}
