import { currentUser } from '../base/identity.js';
import type { CommandContext } from '../cli/context.js';
import { pauseLoop } from '../core/state/pause.js';
import type { PAUSE_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof PAUSE_OPTIONS>): Promise<number> {
  const hard = ctx.options.hard;
  const reason = ctx.options.message?.trim() || (hard ? 'hard pause by operator' : 'paused by operator');
  const outcome = await pauseLoop(ctx.workspace(), { hard, reason, user: currentUser(ctx.env) }, ctx.env);
  if (ctx.options.json) {
    ctx.printJson(outcome);
    return 0;
  }
  if (outcome.created.length === 0) {
    ctx.out(`already paused: ${outcome.sentinels.hard ?? outcome.sentinels.soft}`);
  } else if (hard) {
    ctx.out(
      `HARD PAUSED: agent tool calls are denied and its turn ends; the loop holds at its next vertex (${outcome.created.join(', ')} written)`,
    );
  } else {
    ctx.out(`SOFT PAUSED: the loop holds before its next vertex; 'autoswe resume' to continue`);
  }
  return 0;
}
