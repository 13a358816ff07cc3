import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { selectModule } from '../core/state/select.js';

export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const choice = await selectModule(ctx.workspace());
  if (ctx.options.json) ctx.printJson(choice);
  else {
    const aside = choice.setAside.length === 0 ? '' : `; set aside: ${choice.setAside.join(', ')}`;
    if (choice.module !== null) ctx.out(`${choice.module} (${choice.red} RED)${aside}`);
    else if (choice.setAside.length > 0)
      ctx.out(
        `every module with RED cells is set aside (${choice.setAside.join(', ')}); 'autoswe unskip MODULE' puts one back`,
      );
    else ctx.out('no module has RED cells; nothing to select');
  }
  return 0;
}
