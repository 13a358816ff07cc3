import type { CommandContext } from '../cli/context.js';
import { probeHealth } from '../core/status/health.js';
import { makeColors } from '../render/colors.js';
import { renderGpuLine, renderProxyLine } from '../render/status.js';
import type { HEALTH_OPTIONS } from './registry/options.js';
import { untilInterrupted } from './until-interrupted.js';

/** `health [--watch SECONDS]`: GPU and model proxy, once or every N seconds until Ctrl-C. */
export async function run(ctx: CommandContext<typeof HEALTH_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const colors = makeColors(ctx.color);
  const seconds = ctx.options.watch;
  const report = async () => {
    const health = await probeHealth(workspace, ctx.env);
    if (ctx.options.json) {
      // One document per tick; compact under --watch so each is one line a reader can split on.
      ctx.io.stdout.write(`${JSON.stringify(health, null, seconds === undefined ? 2 : undefined)}\n`);
      return health;
    }
    const clear = seconds !== undefined && ctx.io.stdout.isTTY ? '\u001b[2J\u001b[H' : '';
    const stamp = colors.dim(`health at ${health.at.slice(11, 19)} UTC`);
    ctx.io.stdout.write(
      `${clear}${stamp}\n${'gpu'.padEnd(7)}${renderGpuLine(health.gpu, colors)}\n${'proxy'.padEnd(7)}${renderProxyLine(health, colors)}\n`,
    );
    return health;
  };
  if (seconds === undefined) {
    const health = await report();
    return health.proxy.health.kind === 'healthy' && health.gpu.kind !== 'error' ? 0 : 1;
  }
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    await report();
    if (!stopped) timer = setTimeout(tick, seconds * 1000);
  };
  await tick();
  await untilInterrupted();
  stopped = true;
  clearTimeout(timer);
  return 0;
}
