import { AutosweError, EXIT_USAGE } from '../base/errors.js';
import type { OptionSpec, OptionValue } from './options.js';
import type { CommandSpec } from './spec.js';

export interface ParsedInvocation {
  readonly command: CommandSpec | undefined;
  readonly args: readonly string[];
  readonly options: ReadonlyMap<string, OptionValue>;
  readonly rootOption: string | undefined;
  readonly help: boolean;
  readonly version: boolean;
}

const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'root',
    type: 'string',
    arg: 'DIR',
    help: 'workspace root (default: AUTOSWE_REPO_ROOT, else the nearest autoswe.yaml above)',
  },
  { name: 'help', short: 'h', type: 'boolean', help: 'show help' },
  { name: 'version', short: 'V', type: 'boolean', help: 'show the version' },
];

/**
 * Parses argv against the command registry; usage errors are AutosweErrors with exit code 2. Options
 * before any command name are those of `defaultCommand` (so `autoswe --json` means `autoswe tui --json`);
 * a command named after them must know them too.
 */
export function parseArgv(
  argv: readonly string[],
  commands: readonly CommandSpec[],
  defaultCommand?: CommandSpec,
): ParsedInvocation {
  const options = new Map<string, OptionValue>();
  const args: string[] = [];
  let command: CommandSpec | undefined;
  let known: readonly OptionSpec[] = [...(defaultCommand?.options ?? []), ...GLOBAL_OPTIONS];
  // Messages are printed as `autoswe: <message>`, so global errors need no prefix of their own.
  const where = () => (command ? `${command.name}: ` : '');

  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] as string;
    if (token === '--') {
      args.push(...argv.slice(index + 1));
      break;
    }
    if (token.startsWith('-') && token !== '-') {
      const { spec, inline } = findOption(token, known, where());
      if (spec.type === 'boolean') {
        if (inline !== undefined)
          throw new AutosweError(`${where()}option --${spec.name} takes no value`, EXIT_USAGE);
        options.set(spec.name, true);
        continue;
      }
      const raw = inline ?? argv[++index];
      if (raw === undefined)
        throw new AutosweError(`${where()}option ${optionLabel(spec)} needs a value`, EXIT_USAGE);
      options.set(spec.name, spec.type === 'int' ? parseInteger(raw, spec, where()) : raw);
      continue;
    }
    if (command === undefined) {
      command = commands.find((candidate) => candidate.name === token);
      if (command === undefined) {
        const hint = closest(
          token,
          commands.map((candidate) => candidate.name),
        );
        throw new AutosweError(
          `unknown command '${token}'${hint ? ` (did you mean '${hint}'?)` : ''}; see 'autoswe --help'`,
          EXIT_USAGE,
        );
      }
      known = [...(command.options ?? []), ...GLOBAL_OPTIONS];
      for (const name of options.keys()) {
        if (!known.some((spec) => spec.name === name))
          throw new AutosweError(`${command.name}: unknown option '--${name}'`, EXIT_USAGE);
      }
      continue;
    }
    args.push(token);
  }

  const help = options.get('help') === true;
  if (command && !help) checkArgCount(command, args);
  if (command === undefined && args.length > 0) {
    throw new AutosweError(`unexpected argument '${args[0]}'; see 'autoswe --help'`, EXIT_USAGE);
  }
  for (const spec of (command ?? defaultCommand)?.options ?? []) {
    if (!options.has(spec.name) && spec.defaultValue !== undefined) options.set(spec.name, spec.defaultValue);
  }
  const root = options.get('root');
  return {
    command,
    args,
    options,
    rootOption: typeof root === 'string' ? root : undefined,
    help,
    version: options.get('version') === true,
  };
}

function findOption(
  token: string,
  known: readonly OptionSpec[],
  where: string,
): { spec: OptionSpec; inline?: string } {
  if (token.startsWith('--')) {
    const equals = token.indexOf('=');
    const name = equals < 0 ? token.slice(2) : token.slice(2, equals);
    const spec = known.find((candidate) => candidate.name === name);
    if (spec) return equals < 0 ? { spec } : { spec, inline: token.slice(equals + 1) };
    const hint = closest(
      name,
      known.map((candidate) => candidate.name),
    );
    throw new AutosweError(
      `${where}unknown option '--${name}'${hint ? ` (did you mean --${hint}?)` : ''}`,
      EXIT_USAGE,
    );
  }
  const letter = token.slice(1, 2);
  const spec = known.find((candidate) => candidate.short === letter);
  if (!spec) throw new AutosweError(`${where}unknown option '-${letter}'`, EXIT_USAGE);
  const rest = token.slice(2);
  if (rest === '') return { spec };
  if (spec.type === 'boolean') throw new AutosweError(`${where}unknown option '${token}'`, EXIT_USAGE);
  return { spec, inline: rest };
}

function parseInteger(raw: string, spec: OptionSpec, where: string): number {
  const min = spec.min ?? 0;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    throw new AutosweError(
      `${where}${optionLabel(spec)} expects an integer ≥ ${min}, got '${raw}'`,
      EXIT_USAGE,
    );
  }
  return Number(raw);
}

function checkArgCount(command: CommandSpec, args: readonly string[]): void {
  const min = command.args?.min ?? 0;
  const max = command.args?.max ?? 0;
  if (args.length < min) {
    throw new AutosweError(
      `${command.name}: missing argument; usage: autoswe ${command.name} ${command.usage ?? ''}`.trimEnd(),
      EXIT_USAGE,
    );
  }
  if (args.length > max) {
    throw new AutosweError(
      `${command.name}: unexpected argument '${args[max]}'; see 'autoswe ${command.name} --help'`,
      EXIT_USAGE,
    );
  }
}

export function optionLabel(spec: OptionSpec): string {
  if (spec.short === spec.name) return `-${spec.short}`;
  return spec.short ? `-${spec.short}/--${spec.name}` : `--${spec.name}`;
}

/** The candidate nearest to `input` by edit distance, when near enough to be a typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(input.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
