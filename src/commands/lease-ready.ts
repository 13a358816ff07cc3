import { probeProxy } from '../adapters/proxy.js';
import { AutosweError } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import { type ProxyBase, resolveProxyBase } from '../core/config/proxy-base.js';
import { waitForLease } from '../core/status/lease.js';
import type { LEASE_READY_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof LEASE_READY_OPTIONS>): Promise<number> {
  const waitSeconds = ctx.options.wait;
  const { base } = await proxyBase(ctx);
  const outcome = await waitForLease(base, { waitMs: waitSeconds * 1000, probe: probeProxy });
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

/** The proxy of the workspace; outside one, AUTOSWE_PROXY_BASE alone is enough. */
async function proxyBase(ctx: CommandContext): Promise<ProxyBase> {
  try {
    return await resolveProxyBase(ctx.workspace(), ctx.env);
  } catch (error) {
    if (ctx.env.AUTOSWE_PROXY_BASE) return { base: ctx.env.AUTOSWE_PROXY_BASE, source: 'AUTOSWE_PROXY_BASE' };
    throw error;
  }
}
