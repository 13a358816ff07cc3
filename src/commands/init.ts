import type { CommandContext } from '../cli/context.js';
import { initWorkspace } from '../core/init.js';

export function run(ctx: CommandContext): number {
  const [dir = '.'] = ctx.args;
  const outcome = initWorkspace(ctx.rootOption ?? (dir.startsWith('/') ? dir : `${ctx.io.cwd}/${dir}`));
  ctx.out(`initialised autoswe workspace in ${outcome.root}`);
  for (const path of outcome.created) ctx.out(`  created ${path}`);
  ctx.out("next: edit autoswe.yaml, then 'autoswe status'");
  return 0;
}
