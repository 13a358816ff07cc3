import type { CommandContext } from '../cli/context.js';
import { readFleetHosts } from '../core/fleet/hosts.js';
import { buildFleet } from '../core/fleet/model.js';
import { makeColors } from '../render/colors.js';
import { renderFleet } from '../render/fleet.js';
import type { FLEET_OPTIONS } from './registry/options.js';

/** `autoswe fleet`: every loop, local (the registry) and remote (fleet.yaml), most urgent first. */
export async function run(ctx: CommandContext<typeof FLEET_OPTIONS>): Promise<number> {
  // Read once: a bad fleet.yaml is exit 2 before anything is drawn, and --watch does not re-read secrets.
  const hosts = await readFleetHosts(ctx.env);
  const read = () => buildFleet({ env: ctx.env, timeoutMs: ctx.options.timeout, hosts });
  const colors = makeColors(ctx.color);
  const seconds = ctx.options.watch;
  if (seconds === undefined) {
    const model = await read();
    if (ctx.options.json) ctx.printJson(model);
    else ctx.write(renderFleet(model, colors));
    return 0;
  }
  const { watchEvery } = await import('./watch-loop.js');
  return watchEvery(
    ctx,
    seconds,
    read,
    (model) => `${renderFleet(model, colors)}${colors.dim(`every ${seconds}s; Ctrl-C to stop`)}\n`,
  );
}
