export type OptionType = 'boolean' | 'string' | 'int';

export type OptionValue = string | number | boolean;

/** One option of a command, declared in the registry so help and parsing never load the command's code. */
export interface OptionSpec {
  /** Long name without dashes (`no-follow`); commands read it camel-cased (`ctx.options.noFollow`). */
  readonly name: string;
  readonly short?: string;
  readonly type: OptionType;
  /** Placeholder shown in help (`N`, `REASON`). */
  readonly arg?: string;
  readonly help: string;
  /** Smallest value accepted for `int` options. */
  readonly min?: number;
  readonly defaultValue?: OptionValue;
}

/** `no-follow` → `noFollow`: the key an option has in `ctx.options`. */
export type OptionKey<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<OptionKey<Tail>>}`
  : Name;

type ValueOfType<Type extends OptionType> = Type extends 'boolean'
  ? boolean
  : Type extends 'int'
    ? number
    : string;

/** A flag is always true or false; a value option is undefined when not given, unless it has a default. */
type ValueOf<Spec extends OptionSpec> =
  | ValueOfType<Spec['type']>
  | (Spec['type'] extends 'boolean'
      ? never
      : Spec extends { readonly defaultValue: OptionValue }
        ? never
        : undefined);

/**
 * The parsed options of a command, typed from its declared list (`as const`): for `verdicts`,
 * `{ n: number; follow: boolean; json: boolean }`. Reading an option the list does not declare is a
 * compile error.
 */
export type OptionValues<Options extends readonly OptionSpec[]> = {
  readonly [Spec in Options[number] as OptionKey<Spec['name']>]: ValueOf<Spec>;
};

export function optionKey(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** The typed options from what the parser found (defaults already applied); an absent flag is false. */
export function optionValues<const Options extends readonly OptionSpec[]>(
  specs: Options,
  parsed: ReadonlyMap<string, OptionValue>,
): OptionValues<Options> {
  const values: Record<string, OptionValue | undefined> = {};
  for (const spec of specs) {
    values[optionKey(spec.name)] =
      spec.type === 'boolean' ? parsed.get(spec.name) === true : parsed.get(spec.name);
  }
  // The parser has checked every value against its spec; this is where the list's type meets the values.
  return Object.freeze(values) as OptionValues<Options>;
}

export const JSON_OPTION = {
  name: 'json',
  type: 'boolean',
  help: 'print one JSON document on stdout instead of text',
} as const satisfies OptionSpec;

/** The options of a command whose only option is --json. */
export const JSON_ONLY = [JSON_OPTION] as const;
export type JsonOnly = typeof JSON_ONLY;
