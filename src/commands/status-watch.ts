import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { buildStatusModel } from '../core/status/model.js';
import { makeColors } from '../render/colors.js';
import { renderStatus } from '../render/status.js';
import { COMPACT_VERDICTS_BELOW } from '../render/verdicts.js';
import { untilInterrupted } from './until-interrupted.js';

/** Moves the cursor home and clears the screen, so each tick redraws in place on a terminal. */
const CLEAR_SCREEN = '\u001b[H\u001b[2J';

/**
 * `status --watch SECONDS`: the status screen again every SECONDS until Ctrl-C. On a terminal the
 * screen is cleared before each tick; otherwise ticks follow each other. With --json, one compact
 * JSON document a line per tick (JSON Lines).
 */
export async function watchStatus(ctx: CommandContext<JsonOnly>, seconds: number): Promise<number> {
  const workspace = ctx.workspace();
  const colors = makeColors(ctx.color);
  const onTerminal = ctx.io.stdout.isTTY === true && !ctx.options.json;
  let stopped = false;
  let wake = () => {};
  void untilInterrupted().then(() => {
    stopped = true;
    wake();
  });
  while (!stopped) {
    const model = await buildStatusModel(workspace, { env: ctx.env });
    if (stopped) break;
    if (ctx.options.json) ctx.out(JSON.stringify(model));
    else {
      const footer = colors.dim(`every ${seconds}s; Ctrl-C to stop`);
      // A narrow terminal (attach's status pane): the verdict line's compact form, so it does not wrap.
      const compact = (ctx.io.stdout.columns ?? Number.POSITIVE_INFINITY) < COMPACT_VERDICTS_BELOW;
      const text = renderStatus(model, colors, { compact });
      ctx.io.stdout.write(`${onTerminal ? CLEAR_SCREEN : ''}${text}${footer}\n`);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, seconds * 1000);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  return 0;
}
