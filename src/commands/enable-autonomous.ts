import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { enableAutonomous } from '../core/state/autonomous.js';
import { makeColors } from '../render/colors.js';
import { renderPreflight } from '../render/preflight.js';

export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const outcome = await enableAutonomous(ctx.workspace(), ctx.env);
  if (ctx.options.json) {
    ctx.printJson(outcome);
  } else {
    ctx.write(renderPreflight(outcome.preflight, makeColors(ctx.color)));
    ctx.out(outcome.enabled ? 'autonomous: true' : 'autonomous NOT enabled: fix the failed checks first');
  }
  return outcome.enabled ? 0 : 1;
}
