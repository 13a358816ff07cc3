import { dirname, resolve } from 'node:path';
import { EXIT_FAILED, EXIT_MAX_ITERS } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { awaitDelivery } from '../core/notify/settle.js';
import { type Workspace, workspaceAt } from '../core/runtime/workspace.js';
import { offsetClock } from '../loop/clock.js';
import { runLoop } from '../loop/runner.js';
import { makeColors } from '../render/colors.js';
import { renderLoopEvent } from '../render/loop.js';
import type { RUN_OPTIONS } from './registry/options.js';
import { withStopSignals } from './stop-signals.js';

/** `run --config FILE`: the supervised loop in the foreground; SIGTERM/SIGINT stop it cleanly (exit 0). */
export async function run(ctx: CommandContext<typeof RUN_OPTIONS>): Promise<number> {
  const file = ctx.options.config;
  const workspace = runWorkspace(ctx, file);
  const config = await loadConfig(workspace, file === undefined ? undefined : resolve(ctx.io.cwd, file));
  // Every child (agent, checks, hooks) can tell it runs inside a config run.
  process.env.AUTOSWE_RUN_CONFIG = config.file;
  const env = { ...ctx.env, AUTOSWE_RUN_CONFIG: config.file };
  const colors = makeColors(ctx.color);
  const result = await withStopSignals(
    (signal) =>
      runLoop(workspace, config, {
        signal,
        env,
        ...(ctx.env.AUTOSWE_TEST_CLOCK ? { clock: offsetClock(ctx.env.AUTOSWE_TEST_CLOCK) } : {}),
        onEvent: (event) => {
          if (!ctx.options.json) ctx.out(renderLoopEvent(event, colors));
        },
      }),
    () => {
      if (!ctx.options.json)
        ctx.err('stopping: the agent is being stopped and the iteration in flight reverted…');
    },
  );
  // Under systemd the notifier dies with the service's cgroup: give it a moment to send run.ended.
  if (ctx.env.INVOCATION_ID) await awaitDelivery(workspace, config.file, 20_000);
  if (ctx.options.json) ctx.printJson(result);
  if (result.status === 'FAILED') return EXIT_FAILED;
  return result.status === 'MAX_ITERS' ? EXIT_MAX_ITERS : 0;
}

/** --root / AUTOSWE_REPO_ROOT when given; else the folder of the --config file; else the usual lookup. */
function runWorkspace(ctx: CommandContext, file: string | undefined): Workspace {
  if (file === undefined || ctx.rootOption !== undefined || ctx.env.AUTOSWE_REPO_ROOT) return ctx.workspace();
  return workspaceAt(dirname(resolve(ctx.io.cwd, file)), ctx.env);
}
