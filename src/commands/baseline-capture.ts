import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { captureBaseline } from '../core/parity/baseline.js';
import { renderBaselineOutcome } from '../render/verify.js';
import { buildFirst } from './build-first.js';
import type { BASELINE_CAPTURE_OPTIONS } from './registry/options.js';
import { withStopSignals } from './stop-signals.js';

export async function run(ctx: CommandContext<typeof BASELINE_CAPTURE_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  const { build, outcome } = await withStopSignals(async (signal) => {
    const outcome = await captureBaseline(workspace, config, { env: ctx.env, module: ctx.args[0], signal });
    // After the capture: the baseline is the legacy program's; the build readies the new one for verify-cells.
    const build = ctx.options.build
      ? await buildFirst(ctx, workspace, config, signal, 'baseline-capture', 'the baseline was recorded')
      : null;
    return { build, outcome };
  });
  if (ctx.options.json) ctx.printJson(build === null ? outcome : { ...outcome, build });
  else {
    ctx.write(renderBaselineOutcome(outcome));
    if (build !== null) ctx.out(`built the new program in ${(build.duration_ms / 1000).toFixed(1)} s`);
  }
  return 0;
}
