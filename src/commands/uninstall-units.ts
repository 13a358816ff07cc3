import type { CommandContext } from '../cli/context.js';
import { uninstallUnits } from '../core/service/uninstall-units.js';
import type { UNINSTALL_UNITS_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof UNINSTALL_UNITS_OPTIONS>): Promise<number> {
  const outcome = await uninstallUnits(ctx.workspace(), {
    env: ctx.env,
    cwd: ctx.io.cwd,
    dest: ctx.options.dest,
  });
  if (ctx.options.json) ctx.printJson(outcome);
  else
    ctx.out(
      [`workspace ${outcome.name} (${outcome.root}):`, ...outcome.steps.map((step) => `  ${step}`)].join(
        '\n',
      ),
    );
  return 0;
}
