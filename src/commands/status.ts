import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { buildStatusModel } from '../core/status/model.js';
import { makeColors } from '../render/colors.js';
import { renderStatus } from '../render/status.js';
import { COMPACT_VERDICTS_BELOW } from '../render/verdicts.js';
import type { STATUS_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof STATUS_OPTIONS>): Promise<number> {
  const seconds = ctx.options.watch;
  if (seconds === undefined) return printStatus(ctx);
  const workspace = ctx.workspace();
  const colors = makeColors(ctx.color);
  const { watchEvery } = await import('./watch-loop.js');
  return watchEvery(
    ctx,
    seconds,
    () => buildStatusModel(workspace, { env: ctx.env }),
    (model) => {
      // A narrow terminal (attach's status pane): the verdict line's compact form, so it does not wrap.
      const compact = (ctx.io.stdout.columns ?? Number.POSITIVE_INFINITY) < COMPACT_VERDICTS_BELOW;
      return `${renderStatus(model, colors, { compact })}${colors.dim(`every ${seconds}s; Ctrl-C to stop`)}\n`;
    },
  );
}

/** The status once (also what `tui` prints when it cannot draw). */
export async function printStatus(ctx: CommandContext<JsonOnly>): Promise<number> {
  const model = await buildStatusModel(ctx.workspace(), { env: ctx.env });
  if (ctx.options.json) ctx.printJson(model);
  else ctx.io.stdout.write(renderStatus(model, makeColors(ctx.color)));
  return 0;
}
