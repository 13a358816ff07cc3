import type { CommandContext } from '../cli/context.js';
import { queryVerdicts, verdictEntryJson } from '../core/runtime/verdicts.js';
import { makeColors } from '../render/colors.js';
import { renderVerdicts } from '../render/verdicts.js';

export async function run(ctx: CommandContext): Promise<number> {
  const workspace = ctx.workspace();
  const count = ctx.int('n') ?? 10;
  if (ctx.flag('follow')) {
    // Loaded only when following, so a one-shot `verdicts` stays small.
    const { followVerdicts } = await import('./verdicts-follow.js');
    return followVerdicts(ctx, workspace, count);
  }
  const entries = [...queryVerdicts(workspace, { limit: count }).entries].reverse();
  if (ctx.json) ctx.printJson(entries.map(verdictEntryJson));
  else ctx.io.stdout.write(renderVerdicts(entries, makeColors(ctx.color), new Date()));
  return 0;
}
