import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { type LifecycleAction, runLifecycle } from '../core/service/lifecycle.js';

const DONE: Record<LifecycleAction, string> = { start: 'started', stop: 'stopped', restart: 'restarted' };

/** `start`, `stop` and `restart`: one module, the action is the command's name. */
export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const action = ctx.command as LifecycleAction;
  const outcome = await runLifecycle(
    action,
    ctx.env,
    () => {
      if (action !== 'stop' && !ctx.options.json) {
        ctx.err(
          `${action === 'start' ? 'starting' : 'restarting'}: autoswe.service first waits for the model proxy (ExecStartPre lease-ready --wait)…`,
        );
      }
    },
    workspaceRoot(ctx),
  );
  if (ctx.options.json) {
    ctx.printJson(outcome);
    return 0;
  }
  ctx.out(DONE[action]);
  for (const unit of outcome.units) ctx.out(`  ${unit.unit.padEnd(28)}${unit.active} (${unit.sub})`);
  return 0;
}

/** The units can be driven from anywhere; inside a workspace they must run its loop to be started. */
function workspaceRoot(ctx: CommandContext): string | undefined {
  try {
    return ctx.workspace().root;
  } catch {
    return undefined;
  }
}
