import { AutosweError } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import { leaseProxyBase, waitForLease } from '../core/status/lease.js';
import type { LEASE_READY_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof LEASE_READY_OPTIONS>): Promise<number> {
  const waitSeconds = ctx.options.wait;
  const { base } = await leaseProxyBase(() => ctx.workspace(), ctx.env);
  const outcome = await waitForLease(base, { waitMs: waitSeconds * 1000 });
  if (ctx.options.json) {
    ctx.printJson(outcome);
    return outcome.ready ? 0 : 1;
  }
  if (!outcome.ready) {
    throw new AutosweError(
      `model proxy ${base} not healthy after ${waitSeconds} s (${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}): ${outcome.lastError}`,
    );
  }
  ctx.out(`model proxy ${base} healthy (${outcome.latencyMs} ms)`);
  return 0;
}
