import { isAbsolute, join } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { initWorkspace } from '../core/setup/init.js';

export function run(ctx: CommandContext<JsonOnly>): number {
  const [dir = '.'] = ctx.args;
  const outcome = initWorkspace(ctx.rootOption ?? (isAbsolute(dir) ? dir : join(ctx.io.cwd, dir)));
  if (ctx.options.json) {
    ctx.printJson(outcome);
    return 0;
  }
  ctx.out(`initialised autoswe workspace in ${outcome.root}`);
  for (const path of outcome.created) ctx.out(`  created ${path}`);
  ctx.out("next: edit autoswe.yaml, then 'autoswe status'");
  return 0;
}
