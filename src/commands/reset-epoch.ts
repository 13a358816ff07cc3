import { currentUser } from '../base/identity.js';
import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { resetEpoch } from '../core/state/epoch.js';

export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const outcome = await resetEpoch(ctx.workspace(), currentUser(ctx.env));
  if (ctx.options.json) ctx.printJson(outcome);
  else
    ctx.out(`epoch ${outcome.previous} archived to ${outcome.archived}; now epoch ${outcome.epoch}, iter 0`);
  return 0;
}
