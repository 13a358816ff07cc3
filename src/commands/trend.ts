import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { buildTrend } from '../core/report/trend.js';
import { makeColors } from '../render/colors.js';
import { renderTrend } from '../render/guards.js';

export function run(ctx: CommandContext<JsonOnly>): number {
  const trend = buildTrend(ctx.workspace());
  if (ctx.options.json) ctx.printJson(trend);
  else ctx.io.stdout.write(renderTrend(trend, makeColors(ctx.color)));
  return 0;
}
