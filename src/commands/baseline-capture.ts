import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { captureBaseline } from '../core/parity/baseline.js';
import { renderBaselineOutcome } from '../render/verify.js';
import { withStopSignals } from './stop-signals.js';

export async function run(ctx: CommandContext): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  const outcome = await withStopSignals((signal) =>
    captureBaseline(workspace, config, { env: ctx.env, module: ctx.args[0], signal }),
  );
  if (ctx.json) ctx.printJson(outcome);
  else ctx.io.stdout.write(renderBaselineOutcome(outcome));
  return 0;
}
