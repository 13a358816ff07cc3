import type { CommandContext } from './context.js';
import type { OptionSpec } from './options.js';

type Outcome = Promise<number | undefined> | number | undefined;

export interface CommandModule<Options extends readonly OptionSpec[] = readonly OptionSpec[]> {
  // A method, so a list of commands can hold modules whose contexts have different options.
  run(ctx: CommandContext<Options>): Outcome;
}

export interface CommandSpec<Options extends readonly OptionSpec[] = readonly OptionSpec[]> {
  readonly name: string;
  readonly summary: string;
  /** Positional syntax for the usage line (`[KEY.PATH]`, `approve ID`). */
  readonly usage?: string;
  readonly options?: Options;
  /** Positional arguments accepted: at least `min`, at most `max` (default 0 and 0). */
  readonly args?: { readonly min?: number; readonly max?: number };
  /** Help section it is listed under. */
  readonly group: CommandGroup;
  /** Longer help text shown under the usage line. */
  readonly description?: string;
  readonly load: () => Promise<CommandModule<Options>>;
}

/** A registry entry as written: its code's `run` must take a context of (at most) the options declared here. */
type DeclaredCommand<Options extends readonly OptionSpec[]> = Omit<CommandSpec<Options>, 'load'> & {
  readonly load: () => Promise<{ readonly run: (ctx: CommandContext<NoInfer<Options>>) => Outcome }>;
};

/**
 * Declares a command for the registry. The compiler checks that the command's code reads only options
 * declared here (`ctx.options.folow` is an error there, and so is a context typed by another command's
 * list); the returned spec forgets which options they were, so commands of every shape share one list.
 */
export function command<const Options extends readonly OptionSpec[] = readonly []>(
  spec: DeclaredCommand<Options>,
): CommandSpec {
  return spec;
}

export type CommandGroup = 'lifecycle' | 'operator' | 'loop' | 'setup';

export const GROUP_TITLES: Record<CommandGroup, string> = {
  operator: 'Operator: pause, status, monitoring',
  lifecycle: 'Operator: lifecycle (systemd --user)',
  loop: 'Loop machinery',
  setup: 'Workspace',
};
