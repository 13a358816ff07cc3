import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CommandContext, CommandIo } from '../../src/cli/context.js';
import { JSON_ONLY, JSON_OPTION, type OptionSpec, optionKey, optionValues } from '../../src/cli/options.js';
import { runCli } from '../../src/cli/run.js';
import { command } from '../../src/cli/spec.js';
import { COMMANDS } from '../../src/commands/registry.js';

const WATCH_OPTIONS = [
  { name: 'follow', short: 'f', type: 'boolean', help: 'follow' },
  { name: 'lines', short: 'n', type: 'int', min: 0, defaultValue: 20, help: 'how many' },
  { name: 'replay', type: 'string', arg: 'RUN', help: 'a past run' },
  { name: 'no-follow', type: 'boolean', help: 'do not follow' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

function memoryIo(): CommandIo & { readonly output: () => string } {
  let text = '';
  const output = { write: (chunk: string) => (text += chunk) };
  return { stdin: process.stdin, stdout: output, stderr: output, env: {}, cwd: '/', output: () => text };
}

describe('typed options', () => {
  it('each option has the type its declaration says, under its camel-cased name', () => {
    const values = optionValues(WATCH_OPTIONS, new Map([['lines', 5]]));
    expect(values).toEqual({ follow: false, lines: 5, replay: undefined, noFollow: false, json: false });
    expectTypeOf(values.follow).toEqualTypeOf<boolean>();
    expectTypeOf(values.noFollow).toEqualTypeOf<boolean>();
    // With a default, never undefined; without one, undefined when not given.
    expectTypeOf(values.lines).toEqualTypeOf<number>();
    expectTypeOf(values.replay).toEqualTypeOf<string | undefined>();
    // @ts-expect-error an option the list does not declare is a compile error, not undefined at run time
    expect(values.folow).toBeUndefined();
    expect(optionKey('setup-only')).toBe('setupOnly');
  });

  it("a command's run gets its options typed and filled in from argv, defaults included", async () => {
    const seen: unknown[] = [];
    const spec = command({
      name: 'watch',
      group: 'operator',
      summary: 'watch',
      options: WATCH_OPTIONS,
      load: async () => ({
        run: (ctx: CommandContext<typeof WATCH_OPTIONS>) => {
          seen.push(ctx.options);
          return ctx.options.lines;
        },
      }),
    });
    const io = memoryIo();
    expect(await runCli(['watch', '-f', '--replay', 'r1', '--no-follow'], [spec], io)).toBe(20);
    expect(await runCli(['watch', '-n3', '--json'], [spec], io)).toBe(3);
    expect(seen).toEqual([
      { follow: true, lines: 20, replay: 'r1', noFollow: true, json: false },
      { follow: false, lines: 3, replay: undefined, noFollow: false, json: true },
    ]);
    expect(io.output()).toBe('');
  });

  it("a registry entry must declare every option its command's code reads", () => {
    const narrow = async () => ({
      run: (ctx: CommandContext<typeof JSON_ONLY>) => (ctx.options.json ? 1 : 0),
    });
    const wide = async () => ({ run: (ctx: CommandContext<typeof WATCH_OPTIONS>) => ctx.options.lines });
    // Code may read fewer options than declared (one implementation serving several commands)…
    command({ name: 'a', group: 'loop', summary: 'a', options: WATCH_OPTIONS, load: narrow });
    // …but not more: a context typed by another command's list does not compile.
    // @ts-expect-error the code reads --lines, which this entry does not declare
    command({ name: 'b', group: 'loop', summary: 'b', options: JSON_ONLY, load: wide });
  });

  it('no two options of a registered command share a name or a camel-cased key', () => {
    for (const spec of COMMANDS) {
      const keys = (spec.options ?? []).map((option) => optionKey(option.name));
      expect(new Set(keys).size, spec.name).toBe(keys.length);
    }
  });
});
