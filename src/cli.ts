import { CommandContext, type CommandIo } from './cli/context.js';
import { renderCommandHelp, renderProgramHelp } from './cli/help.js';
import { parseArgv } from './cli/parse.js';
import { COMMANDS, DEFAULT_COMMAND } from './commands/registry.js';
import { AutosweError, EXIT_FAILED } from './core/errors.js';
import { VERSION } from './version.js';

/** Runs one invocation and returns its exit code; every error is printed here, once, as one line. */
export async function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  try {
    const parsed = parseArgv(argv, COMMANDS);
    if (parsed.version) {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (parsed.help) {
      io.stdout.write(parsed.command ? renderCommandHelp(parsed.command) : renderProgramHelp(COMMANDS));
      return 0;
    }
    const command = parsed.command ?? COMMANDS.find((spec) => spec.name === DEFAULT_COMMAND);
    if (command === undefined) throw new AutosweError(`no default command '${DEFAULT_COMMAND}'`);
    const ctx = new CommandContext(command.name, parsed.args, parsed.options, parsed.rootOption, io);
    const module = await command.load();
    return (await module.run(ctx)) ?? 0;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CommandIo): number {
  const debug = io.env.AUTOSWE_DEBUG === '1';
  if (error instanceof AutosweError) {
    io.stderr.write(`autoswe: ${error.message}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(
    `autoswe: unexpected error: ${message.split('\n')[0]}${debug ? '' : ' (AUTOSWE_DEBUG=1 shows the stack)'}\n`,
  );
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_FAILED;
}

function processIo(): CommandIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}
