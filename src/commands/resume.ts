import { currentUser } from '../base/identity.js';
import type { CommandContext } from '../cli/context.js';
import { resumeLoop } from '../core/state/pause.js';
import type { RESUME_OPTIONS } from './registry/options.js';

export function run(ctx: CommandContext<typeof RESUME_OPTIONS>): number {
  const before = resumeLoop(
    ctx.workspace(),
    { user: currentUser(ctx.env), reason: ctx.options.message },
    ctx.env,
  );
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
