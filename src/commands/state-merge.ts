import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { mergeState, parseStatePatch } from '../core/runtime/state.js';

export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const [input = '-'] = ctx.args;
  const patch =
    input === '-'
      ? parseStatePatch(await ctx.readStdin(), 'stdin')
      : parseStatePatch(input, 'the JSON argument');
  const state = await mergeState(ctx.workspace(), patch);
  if (ctx.options.json) ctx.printJson(state);
  return 0;
}
