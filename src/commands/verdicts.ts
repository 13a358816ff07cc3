import type { CommandContext } from '../cli/context.js';
import { queryVerdicts, verdictEntryJson } from '../core/runtime/verdicts.js';
import { makeColors } from '../render/colors.js';
import { renderVerdicts } from '../render/verdicts.js';
import type { VERDICTS_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof VERDICTS_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const count = ctx.options.n;
  if (ctx.options.follow) {
    // Loaded only when following, so a one-shot `verdicts` stays small.
    const { followVerdicts } = await import('./verdicts-follow.js');
    return followVerdicts(ctx, workspace, count);
  }
  const entries = [...queryVerdicts(workspace, { limit: count }).entries].reverse();
  if (ctx.options.json) ctx.printJson(entries.map(verdictEntryJson));
  else ctx.write(renderVerdicts(entries, makeColors(ctx.color), new Date()));
  return 0;
}
