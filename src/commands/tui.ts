import type { CommandContext } from '../cli/context.js';

export async function run(ctx: CommandContext): Promise<number> {
  const interactive = ctx.io.stdout.isTTY === true && ctx.io.stdin.isTTY === true;
  if (!interactive || ctx.json) {
    // Not a terminal (a pipe, cron, CI), or --json asked for a report: the status once, then exit 0.
    const status = await import('./status.js');
    return status.run(ctx);
  }
  const workspace = ctx.workspace();
  // Ink and React load only here, so every other command starts without them.
  const { runTui } = await import('../tui/run-tui.js');
  await runTui(workspace, {
    env: ctx.env,
    color: ctx.color,
    stdin: ctx.io.stdin as NodeJS.ReadStream,
    stdout: ctx.io.stdout as unknown as NodeJS.WriteStream,
    stderr: ctx.io.stderr as unknown as NodeJS.WriteStream,
  });
  return 0;
}
