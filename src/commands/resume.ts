import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { resume } from '../core/runtime/sentinels.js';

export function run(ctx: CommandContext<JsonOnly>): number {
  const before = resume(ctx.workspace());
  const removed = [
    before.soft !== null ? 'PAUSE' : undefined,
    before.hard !== null ? 'PAUSE_HARD' : undefined,
  ].filter((name): name is string => name !== undefined);
  if (ctx.options.json) ctx.printJson({ removed, retry: before.retry });
  else if (before.retry)
    ctx.out(
      `the loop was WAITING: it retries now${removed.length === 0 ? '' : ` (removed ${removed.join(', ')})`}`,
    );
  else
    ctx.out(removed.length === 0 ? 'not paused; nothing to do' : `resumed (removed ${removed.join(', ')})`);
  return 0;
}
