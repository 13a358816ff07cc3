import type { CommandContext } from '../cli/context.js';
import { buildStatusModel } from '../core/status/model.js';
import { makeColors } from '../render/colors.js';
import { renderStatus } from '../render/status.js';

export async function run(ctx: CommandContext): Promise<number> {
  const seconds = ctx.int('watch');
  if (seconds !== undefined) {
    const { watchStatus } = await import('./status-watch.js');
    return watchStatus(ctx, seconds);
  }
  const model = await buildStatusModel(ctx.workspace(), { env: ctx.env });
  if (ctx.json) ctx.printJson(model);
  else ctx.io.stdout.write(renderStatus(model, makeColors(ctx.color)));
  return 0;
}
