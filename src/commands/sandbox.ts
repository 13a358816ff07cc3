import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { runInSandbox } from '../core/setup/sandbox.js';

/** Runs CMD as the loop runs agent tools and checks; its exit code becomes ours. */
export async function run(ctx: CommandContext): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  return runInSandbox(workspace, config, ctx.args, { cwd: ctx.io.cwd, env: ctx.env });
}
