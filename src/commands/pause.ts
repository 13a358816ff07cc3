import { currentUser } from '../base/identity.js';
import type { CommandContext } from '../cli/context.js';
import { pause } from '../core/runtime/sentinels.js';

export async function run(ctx: CommandContext): Promise<number> {
  const hard = ctx.flag('hard');
  const reason = ctx.string('message')?.trim() || (hard ? 'hard pause by operator' : 'paused by operator');
  const outcome = await pause(ctx.workspace(), { hard, reason, user: currentUser(ctx.env) });
  if (ctx.json) {
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
