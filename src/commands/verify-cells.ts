import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { verifyCells } from '../core/parity/verify.js';
import { makeColors } from '../render/colors.js';
import { renderVerifyOutcome } from '../render/verify.js';
import { buildFirst } from './build-first.js';
import type { VERIFY_CELLS_OPTIONS } from './registry/options.js';
import { withStopSignals } from './stop-signals.js';

export async function run(ctx: CommandContext<typeof VERIFY_CELLS_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  const { build, outcome } = await withStopSignals(async (signal) => {
    const build = ctx.options.build
      ? await buildFirst(ctx, workspace, config, signal, 'verify-cells', 'parity.json left as it was')
      : null;
    const outcome = await verifyCells(workspace, config, {
      env: ctx.env,
      module: ctx.args[0],
      cell: ctx.options.cell,
      signal,
    });
    return { build, outcome };
  });
  if (ctx.options.json) ctx.printJson(build === null ? outcome : { ...outcome, build });
  else ctx.write(renderVerifyOutcome(outcome, makeColors(ctx.color)));
  return outcome.regressions.length > 0 ? 1 : 0;
}
