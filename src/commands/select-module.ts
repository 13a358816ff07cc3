import type { CommandContext } from '../cli/context.js';
import { selectModule } from '../core/state/select.js';

export async function run(ctx: CommandContext): Promise<number> {
  const choice = await selectModule(ctx.workspace());
  if (ctx.json) ctx.printJson(choice);
  else
    ctx.out(
      choice.module === null
        ? 'no module has RED cells; nothing to select'
        : `${choice.module} (${choice.red} RED)`,
    );
  return 0;
}
