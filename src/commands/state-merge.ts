import type { CommandContext } from '../cli/context.js';
import { mergeState, parseStatePatch } from '../core/runtime/state.js';

export async function run(ctx: CommandContext): Promise<number> {
  const [input = '-'] = ctx.args;
  const patch =
    input === '-'
      ? parseStatePatch(await ctx.readStdin(), 'stdin')
      : parseStatePatch(input, 'the JSON argument');
  const state = await mergeState(ctx.workspace(), patch);
  if (ctx.json) ctx.printJson(state);
  return 0;
}
