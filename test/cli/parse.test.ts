import { describe, expect, it } from 'vitest';
import { AutosweError } from '../../src/base/errors.js';
import { closest, parseArgv } from '../../src/cli/parse.js';
import type { CommandSpec } from '../../src/cli/spec.js';

const load = () => Promise.resolve({ run: () => 0 });
const COMMANDS: CommandSpec[] = [
  {
    name: 'verdicts',
    group: 'operator',
    summary: 's',
    load,
    options: [
      { name: 'n', short: 'n', type: 'int', min: 1, defaultValue: 10, help: 'how many' },
      { name: 'follow', short: 'f', type: 'boolean', help: 'follow' },
    ],
  },
  {
    name: 'pause',
    group: 'operator',
    summary: 's',
    load,
    options: [{ name: 'message', short: 'm', type: 'string', help: 'why' }],
  },
  { name: 'state-merge', group: 'loop', summary: 's', usage: 'JSON | -', args: { min: 1, max: 1 }, load },
];

function usageError(argv: string[]): string {
  try {
    parseArgv(argv, COMMANDS);
  } catch (error) {
    expect(error).toBeInstanceOf(AutosweError);
    expect((error as AutosweError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('parseArgv', () => {
  it('parses options in every spelling and applies defaults', () => {
    expect(parseArgv(['verdicts'], COMMANDS).options.get('n')).toBe(10);
    for (const spelling of [['-n', '3'], ['-n3'], ['--n=3'], ['--n', '3']]) {
      expect(parseArgv(['verdicts', ...spelling], COMMANDS).options.get('n')).toBe(3);
    }
    const parsed = parseArgv(['--root', '/w', 'pause', '-m', 'lunch break'], COMMANDS);
    expect(parsed.rootOption).toBe('/w');
    expect(parsed.options.get('message')).toBe('lunch break');
  });

  it('passes everything after -- as arguments', () => {
    expect(parseArgv(['state-merge', '--', '-'], COMMANDS).args).toEqual(['-']);
    expect(parseArgv(['state-merge', '-'], COMMANDS).args).toEqual(['-']);
  });

  it('suggests the nearest command or option on a typo', () => {
    expect(usageError(['verdict'])).toBe(
      "unknown command 'verdict' (did you mean 'verdicts'?); see 'autoswe --help'",
    );
    expect(usageError(['frobnicate'])).toBe("unknown command 'frobnicate'; see 'autoswe --help'");
    expect(usageError(['verdicts', '--folow'])).toBe(
      "verdicts: unknown option '--folow' (did you mean --follow?)",
    );
    expect(usageError(['--bogus'])).toBe("unknown option '--bogus'");
    expect(usageError(['pause', '-x'])).toBe("pause: unknown option '-x'");
  });

  it('rejects bad integers, missing values and flags given values', () => {
    expect(usageError(['verdicts', '-n', 'ten'])).toBe("verdicts: -n expects an integer ≥ 1, got 'ten'");
    expect(usageError(['verdicts', '-n', '0'])).toBe("verdicts: -n expects an integer ≥ 1, got '0'");
    expect(usageError(['verdicts', '-n', '1.5'])).toBe("verdicts: -n expects an integer ≥ 1, got '1.5'");
    expect(usageError(['verdicts', '-n'])).toBe('verdicts: option -n needs a value');
    expect(usageError(['verdicts', '--follow=yes'])).toBe('verdicts: option --follow takes no value');
  });

  it('checks the number of positional arguments', () => {
    expect(usageError(['state-merge'])).toBe(
      'state-merge: missing argument; usage: autoswe state-merge JSON | -',
    );
    expect(usageError(['state-merge', '{}', '{}'])).toBe(
      "state-merge: unexpected argument '{}'; see 'autoswe state-merge --help'",
    );
    expect(usageError(['pause', 'now'])).toBe("pause: unexpected argument 'now'; see 'autoswe pause --help'");
  });

  it('lets --help through without checking arguments', () => {
    const parsed = parseArgv(['state-merge', '--help'], COMMANDS);
    expect(parsed.help).toBe(true);
    expect(parsed.command?.name).toBe('state-merge');
  });
});

describe('parseArgv with a default command', () => {
  const tui: CommandSpec = {
    name: 'tui',
    group: 'operator',
    summary: 's',
    load,
    options: [{ name: 'json', type: 'boolean', help: 'json' }],
  };
  const withTui = [...COMMANDS, tui];
  const fail = (argv: string[]) => () => parseArgv(argv, withTui, tui);

  it("accepts the default command's options with no command named (autoswe --json)", () => {
    const parsed = parseArgv(['--json'], withTui, tui);
    expect(parsed.command).toBeUndefined();
    expect(parsed.options.get('json')).toBe(true);
  });

  it('still refuses options the default command does not have', () => {
    expect(fail(['--follow'])).toThrow(/unknown option '--follow'/);
  });

  it("refuses a default command's option placed before a command that does not know it", () => {
    expect(fail(['--json', 'pause'])).toThrow(/pause: unknown option '--json'/);
  });

  it('refuses stray arguments with no command', () => {
    expect(fail(['--', 'x'])).toThrow(/unexpected argument 'x'/);
  });
});

describe('closest', () => {
  it('only suggests near matches', () => {
    expect(closest('stauts', ['status', 'pause'])).toBe('status');
    expect(closest('xyz', ['status', 'pause'])).toBeUndefined();
  });
});
