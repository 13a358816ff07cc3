import { currentUser } from '../base/identity.js';
import type { CommandContext } from '../cli/context.js';
import { flipModule } from '../core/parity/flip.js';
import type { PARITY_FLIP_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof PARITY_FLIP_OPTIONS>): Promise<number> {
  const name = ctx.args[0] ?? '';
  const outcome = await flipModule(ctx.workspace(), name, {
    force: ctx.options.force,
    user: currentUser(ctx.env),
    reason: ctx.options.message?.trim() || undefined,
  });
  if (ctx.options.json) ctx.printJson(outcome);
  else if (!outcome.changed) ctx.out(`${name} was already flipped (at ${outcome.flipped_at})`);
  else if (outcome.forced)
    ctx.out(`${name} flipped with ${outcome.red.length} RED cells (--force); recorded in VERDICTS`);
  else ctx.out(`${name} flipped: every cell GREEN, now switched to the new implementation`);
  return 0;
}
