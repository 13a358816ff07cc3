import { describe, expect, it } from 'vitest';
import { CommandContext, type CommandIo } from '../../src/cli/context.js';
import { JSON_ONLY, optionValues } from '../../src/cli/options.js';
import { watchEvery } from '../../src/commands/watch-loop.js';

function context(json: boolean, isTTY: boolean) {
  const written: string[] = [];
  const stdout = { isTTY, write: (text: string) => written.push(text) };
  const io: CommandIo = { stdin: process.stdin, stdout, stderr: stdout, env: {}, cwd: '/' };
  const options = optionValues(JSON_ONLY, new Map(json ? [['json', true]] : []));
  return { ctx: new CommandContext('watch', [], options, undefined, io), written };
}

/** Runs the loop until `ticks` models were read, then interrupts it as Ctrl-C would. */
async function watchTicks(json: boolean, isTTY: boolean, ticks: number) {
  const { ctx, written } = context(json, isTTY);
  let reads = 0;
  const done = watchEvery(
    ctx,
    // A tick is never waited for: the interrupt below wakes the loop.
    3600,
    async () => {
      reads++;
      if (reads >= ticks) setImmediate(() => process.emit('SIGINT'));
      return { tick: reads };
    },
    (model) => `tick ${model.tick}\n`,
  );
  return { code: await done, written, reads };
}

describe('watchEvery (status --watch, health --watch)', () => {
  it('with --json writes one compact document a line and returns 0 when interrupted', async () => {
    const { code, written } = await watchTicks(true, true, 1);
    expect(code).toBe(0);
    expect(written).toEqual(['{"tick":1}\n']);
  });

  it('redraws over the previous frame on a terminal, and only there', async () => {
    expect((await watchTicks(false, true, 1)).written).toEqual(['\u001b[H\u001b[2Jtick 1\n']);
    expect((await watchTicks(false, false, 1)).written).toEqual(['tick 1\n']);
  });

  it('a model read while the interrupt arrives is not drawn', async () => {
    const { ctx, written } = context(false, false);
    const code = await watchEvery(
      ctx,
      3600,
      async () => {
        process.emit('SIGINT');
        return 1;
      },
      () => 'drawn\n',
    );
    expect(code).toBe(0);
    expect(written).toEqual([]);
  });
});
