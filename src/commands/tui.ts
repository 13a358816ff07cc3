import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import type { Workspace } from '../core/runtime/workspace.js';
import type { TUI_OPTIONS } from './registry/options.js';

/** Whether the TUI can take over: a terminal on both ends and no --json report asked for. */
export function tuiPossible(ctx: CommandContext<JsonOnly>): boolean {
  return ctx.io.stdout.isTTY === true && ctx.io.stdin.isTTY === true && !ctx.options.json;
}

/** Draws the TUI on the workspace until the operator quits. */
export async function openTui(ctx: CommandContext, workspace: Workspace, env = ctx.env): Promise<void> {
  // Ink and React load only here, so every other command starts without them.
  const { runTui } = await import('../tui/run-tui.js');
  await runTui(workspace, {
    env,
    color: ctx.color,
    stdin: ctx.io.stdin as NodeJS.ReadStream,
    stdout: ctx.io.stdout as unknown as NodeJS.WriteStream,
    stderr: ctx.io.stderr as unknown as NodeJS.WriteStream,
  });
}

export async function run(ctx: CommandContext<typeof TUI_OPTIONS>): Promise<number> {
  if (ctx.options.fleet) return fleetTui(ctx);
  if (!tuiPossible(ctx)) {
    // Not a terminal (a pipe, cron, CI), or --json asked for a report: the status once, then exit 0.
    const { printStatus } = await import('./status.js');
    return printStatus(ctx);
  }
  await openTui(ctx, ctx.workspace());
  return 0;
}

/** `tui --fleet`: the fleet list; not on a terminal (or --json), the fleet once, as `autoswe fleet` prints it. */
async function fleetTui(ctx: CommandContext<typeof TUI_OPTIONS>): Promise<number> {
  const [{ readFleetHosts }, { buildFleet, DEFAULT_FLEET_TIMEOUT_MS }] = await Promise.all([
    import('../core/fleet/hosts.js'),
    import('../core/fleet/model.js'),
  ]);
  const hosts = await readFleetHosts(ctx.env);
  if (!tuiPossible(ctx)) {
    const model = await buildFleet({ env: ctx.env, timeoutMs: DEFAULT_FLEET_TIMEOUT_MS, hosts });
    if (ctx.options.json) ctx.printJson(model);
    else {
      const [{ renderFleet }, { makeColors }] = await Promise.all([
        import('../render/fleet.js'),
        import('../render/colors.js'),
      ]);
      ctx.write(renderFleet(model, makeColors(ctx.color)));
    }
    return 0;
  }
  const { runFleetTui } = await import('../tui/fleet/run-fleet-tui.js');
  await runFleetTui({
    env: ctx.env,
    color: ctx.color,
    stdin: ctx.io.stdin as NodeJS.ReadStream,
    stdout: ctx.io.stdout as unknown as NodeJS.WriteStream,
    stderr: ctx.io.stderr as unknown as NodeJS.WriteStream,
    hosts,
    timeoutMs: DEFAULT_FLEET_TIMEOUT_MS,
  });
  return 0;
}
