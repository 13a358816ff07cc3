import type { CommandContext } from '../cli/context.js';
import { isHealthy, probeHealth } from '../core/status/health.js';
import { makeColors } from '../render/colors.js';
import { renderHealth } from '../render/status.js';
import type { HEALTH_OPTIONS } from './registry/options.js';
import { watchEvery } from './watch-loop.js';

/** `health [--watch SECONDS]`: GPU and model proxy, once (exit 1 unless healthy) or every N seconds until Ctrl-C. */
export async function run(ctx: CommandContext<typeof HEALTH_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const colors = makeColors(ctx.color);
  const probe = () => probeHealth(workspace, ctx.env);
  const render = (health: Awaited<ReturnType<typeof probe>>) => renderHealth(health, colors);
  if (ctx.options.watch !== undefined) return watchEvery(ctx, ctx.options.watch, probe, render);
  const health = await probe();
  if (ctx.options.json) ctx.printJson(health);
  else ctx.write(render(health));
  return isHealthy(health) ? 0 : 1;
}
