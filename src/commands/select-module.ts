import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { selectModule } from '../core/state/select.js';

export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const choice = await selectModule(ctx.workspace());
  if (ctx.options.json) ctx.printJson(choice);
  else
    ctx.out(
      choice.module === null
        ? 'no module has RED cells; nothing to select'
        : `${choice.module} (${choice.red} RED)`,
    );
  return 0;
}
