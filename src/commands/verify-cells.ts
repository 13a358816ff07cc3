import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { verifyCells } from '../core/parity/verify.js';
import { makeColors } from '../render/colors.js';
import { renderVerifyOutcome } from '../render/verify.js';
import { buildFirst } from './build-first.js';
import { withStopSignals } from './stop-signals.js';

export async function run(ctx: CommandContext): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  const { build, outcome } = await withStopSignals(async (signal) => {
    const build = ctx.flag('build')
      ? await buildFirst(ctx, workspace, config, signal, 'verify-cells', 'parity.json left as it was')
      : null;
    const outcome = await verifyCells(workspace, config, {
      module: ctx.args[0],
      cell: ctx.string('cell'),
      signal,
    });
    return { build, outcome };
  });
  if (ctx.json) ctx.printJson(build === null ? outcome : { ...outcome, build });
  else ctx.io.stdout.write(renderVerifyOutcome(outcome, makeColors(ctx.color)));
  return outcome.regressions.length > 0 ? 1 : 0;
}
