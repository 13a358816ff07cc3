import { relative } from 'node:path';
import { runInherited } from '../adapters/sandbox.js';
import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';

/** Runs CMD as the loop runs agent tools and checks; its exit code becomes ours. */
export async function run(ctx: CommandContext): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  const insideTarget = !relative(config.target, ctx.io.cwd).startsWith('..');
  return runInherited(config.sandbox, {
    command: ctx.args,
    cwd: insideTarget ? ctx.io.cwd : config.target,
    readable: [workspace.root],
    writable: [config.target],
    env: { ...ctx.env, AUTOSWE_SANDBOX: config.sandbox },
  });
}
