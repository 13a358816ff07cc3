import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { verifyCells } from '../core/parity/verify.js';
import { makeColors } from '../render/colors.js';
import { renderVerifyOutcome } from '../render/verify.js';
import { withStopSignals } from './stop-signals.js';

export async function run(ctx: CommandContext): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  const outcome = await withStopSignals((signal) =>
    verifyCells(workspace, config, { env: ctx.env, module: ctx.args[0], cell: ctx.string('cell'), signal }),
  );
  if (ctx.json) ctx.printJson(outcome);
  else ctx.io.stdout.write(renderVerifyOutcome(outcome, makeColors(ctx.color)));
  return outcome.regressions.length > 0 ? 1 : 0;
}
