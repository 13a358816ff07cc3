import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { buildStatusModel } from '../core/status/model.js';
import { makeColors } from '../render/colors.js';
import { renderStatus } from '../render/status.js';
import type { STATUS_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof STATUS_OPTIONS>): Promise<number> {
  const seconds = ctx.options.watch;
  if (seconds !== undefined) {
    const { watchStatus } = await import('./status-watch.js');
    return watchStatus(ctx, seconds);
  }
  return printStatus(ctx);
}

/** The status once (also what `tui` prints when it cannot draw). */
export async function printStatus(ctx: CommandContext<JsonOnly>): Promise<number> {
  const model = await buildStatusModel(ctx.workspace(), { env: ctx.env });
  if (ctx.options.json) ctx.printJson(model);
  else ctx.io.stdout.write(renderStatus(model, makeColors(ctx.color)));
  return 0;
}
