import type { CommandIo } from './cli/context.js';
import { processIo } from './cli/process-io.js';
import { runCli } from './cli/run.js';
import { COMMANDS, DEFAULT_COMMAND } from './commands/registry.js';

/** Runs one invocation of the full CLI and returns its exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  return runCli(argv, COMMANDS, io, DEFAULT_COMMAND);
}
