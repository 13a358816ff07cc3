import type { CommandContext } from './context.js';

export type OptionType = 'boolean' | 'string' | 'int';

/** One option of a command, declared in the registry so help and parsing never load the command's code. */
export interface OptionSpec {
  /** Long name without dashes (`no-follow`); also the key commands read it by. */
  readonly name: string;
  readonly short?: string;
  readonly type: OptionType;
  /** Placeholder shown in help (`N`, `REASON`). */
  readonly arg?: string;
  readonly help: string;
  /** Smallest value accepted for `int` options. */
  readonly min?: number;
  readonly defaultValue?: string | number | boolean;
}

export interface CommandModule {
  run(ctx: CommandContext): Promise<number | undefined> | number | undefined;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Positional syntax for the usage line (`[KEY.PATH]`, `approve ID`). */
  readonly usage?: string;
  readonly options?: readonly OptionSpec[];
  /** Positional arguments accepted: at least `min`, at most `max` (default 0 and 0). */
  readonly args?: { readonly min?: number; readonly max?: number };
  /** Help section it is listed under. */
  readonly group: CommandGroup;
  /** Longer help text shown under the usage line. */
  readonly description?: string;
  readonly load: () => Promise<CommandModule>;
}

export type CommandGroup = 'lifecycle' | 'operator' | 'loop' | 'setup';

export const GROUP_TITLES: Record<CommandGroup, string> = {
  operator: 'Operator: pause, status, monitoring',
  lifecycle: 'Operator: lifecycle (systemd --user)',
  loop: 'Loop machinery',
  setup: 'Workspace',
};

export const JSON_OPTION: OptionSpec = {
  name: 'json',
  type: 'boolean',
  help: 'print one JSON document on stdout instead of text',
};
