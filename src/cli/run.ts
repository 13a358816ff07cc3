import { AutosweError, EXIT_FAILED } from '../base/errors.js';
import { terminalLine, terminalText } from '../base/terminal-text.js';
import { VERSION } from '../base/version.js';
import { CommandContext, type CommandIo } from './context.js';
import { renderCommandHelp, renderProgramHelp } from './help.js';
import { optionValues } from './options.js';
import { parseArgv } from './parse.js';
import type { CommandSpec } from './spec.js';

/**
 * Runs one invocation against a list of commands and returns its exit code; every error is printed
 * here, once, as one line. The full CLI passes every command; the start-up fast paths pass one.
 */
export async function runCli(
  argv: readonly string[],
  commands: readonly CommandSpec[],
  io: CommandIo,
  defaultCommand?: string,
): Promise<number> {
  try {
    const fallback = commands.find((spec) => spec.name === defaultCommand);
    const parsed = parseArgv(argv, commands, fallback);
    if (parsed.version) {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (parsed.help) {
      io.stdout.write(parsed.command ? renderCommandHelp(parsed.command) : renderProgramHelp(commands));
      return 0;
    }
    const command = parsed.command ?? fallback;
    if (command === undefined) throw new AutosweError(`no default command '${defaultCommand}'`);
    const options = optionValues(command.options ?? [], parsed.options);
    const ctx = new CommandContext(command.name, parsed.args, options, parsed.rootOption, io);
    const module = await command.load();
    return (await module.run(ctx)) ?? 0;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CommandIo): number {
  const debug = io.env.AUTOSWE_DEBUG === '1';
  if (error instanceof AutosweError) {
    // Messages quote files and agents: never binary or an escape sequence (docs/COMMANDS.md). A few list
    // every problem at once, a line each (the config's), so newlines stay.
    io.stderr.write(`autoswe: ${terminalText(error.message, 20_000)}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(
    `autoswe: unexpected error: ${terminalLine(message.split('\n')[0] ?? '', 2000)}${debug ? '' : ' (AUTOSWE_DEBUG=1 shows the stack)'}\n`,
  );
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_FAILED;
}
