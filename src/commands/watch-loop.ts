import { terminalJson, terminalOutput } from '../base/terminal-text.js';
import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { untilInterrupted } from './until-interrupted.js';

/** Moves the cursor home and clears the screen, so each tick redraws in place on a terminal. */
const CLEAR_SCREEN = '\u001b[H\u001b[2J';

/**
 * The `--watch SECONDS` of `status` and `health`: reads the model again every SECONDS until Ctrl-C,
 * SIGTERM or SIGHUP, then returns 0. With --json each model is one compact JSON document a line (JSON
 * Lines); otherwise `render` draws it, over the previous one on a terminal, one after another elsewhere.
 */
export async function watchEvery<Model>(
  ctx: CommandContext<JsonOnly>,
  seconds: number,
  read: () => Promise<Model>,
  render: (model: Model) => string,
): Promise<number> {
  const redraw = ctx.io.stdout.isTTY === true && !ctx.options.json;
  let stopped = false;
  let wake = () => {};
  void untilInterrupted().then(() => {
    stopped = true;
    wake();
  });
  while (!stopped) {
    const model = await read();
    if (stopped) break;
    if (ctx.options.json) ctx.out(terminalJson(model));
    // Our own clear-screen, then the frame made safe (colours only): one write, so a frame never flickers.
    else ctx.io.stdout.write(`${redraw ? CLEAR_SCREEN : ''}${terminalOutput(render(model))}`);
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
