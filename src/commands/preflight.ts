import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { runPreflight } from '../core/setup/preflight.js';
import { makeColors } from '../render/colors.js';
import { renderPreflight } from '../render/preflight.js';

export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const report = await runPreflight(ctx.workspace(), ctx.env);
  if (ctx.options.json) ctx.printJson(report);
  else ctx.write(renderPreflight(report, makeColors(ctx.color)));
  return report.ok ? 0 : 1;
}
