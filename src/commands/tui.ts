import type { CommandContext } from '../cli/context.js';
import type { Workspace } from '../core/runtime/workspace.js';

/** Whether the TUI can take over: a terminal on both ends and no --json report asked for. */
export function tuiPossible(ctx: CommandContext): boolean {
  return ctx.io.stdout.isTTY === true && ctx.io.stdin.isTTY === true && !ctx.json;
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

export async function run(ctx: CommandContext): Promise<number> {
  if (!tuiPossible(ctx)) {
    // Not a terminal (a pipe, cron, CI), or --json asked for a report: the status once, then exit 0.
    const status = await import('./status.js');
    return status.run(ctx);
  }
  await openTui(ctx, ctx.workspace());
  return 0;
}
