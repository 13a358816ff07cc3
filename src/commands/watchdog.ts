import { errorMessage } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { loadConfig } from '../core/config/load.js';
import { awaitDelivery } from '../core/notify/settle.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { probeService } from '../core/service/unit-state.js';
import { DEFAULT_STALE_AFTER_MS, type WatchdogReport, watchdogPass } from '../core/state/watchdog.js';

export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const workspace = ctx.workspace();
  const { staleAfterMs, configWarning } = await staleAfter(workspace);
  const report = await watchdogPass(workspace, {
    staleAfterMs,
    serviceActive: async () => {
      const view = await probeService(ctx.env, workspace.root);
      return view.kind === 'ok' && view.service.installed ? view.service.active === 'active' : null;
    },
  });
  // Run by its timer's oneshot unit, whose end kills the background notifier: let it send the wedge first.
  if (ctx.env.INVOCATION_ID && report.wedged) await awaitDelivery(workspace, workspace.paths.config, 60_000);
  const warnings = configWarning ? [configWarning, ...report.warnings] : report.warnings;
  if (ctx.options.json) {
    ctx.printJson({ ...report, warnings });
    return 0;
  }
  ctx.out(describe(report));
  for (const warning of warnings) ctx.err(`warning: ${warning}`);
  return 0;
}

/** A broken autoswe.yaml must not switch the safety net off: fall back to the default and say so. */
async function staleAfter(
  workspace: Workspace,
): Promise<{ staleAfterMs: number; configWarning: string | null }> {
  try {
    return { staleAfterMs: (await loadConfig(workspace)).watchdog.stale_after_ms, configWarning: null };
  } catch (error) {
    return {
      staleAfterMs: DEFAULT_STALE_AFTER_MS,
      configWarning: `${errorMessage(error)}; using the default stale_after of 15 min`,
    };
  }
}

function describe(report: WatchdogReport): string {
  if (report.wedged) return `WEDGE-PAUSED: ${report.reason}; PAUSE written ('autoswe resume' once fixed)`;
  if (report.loopStatus !== 'RUNNING') return `loop is ${report.loopStatus}: nothing to watch`;
  if (report.lastSign === null) return 'loop is RUNNING; no sign of life to judge its age by';
  if (report.lastSign.ageMs > report.staleAfterMs)
    return 'loop changed while the watchdog looked; nothing done';
  const age = Math.round(report.lastSign.ageMs / 1000);
  const limit = Math.round(report.staleAfterMs / 1000);
  return `loop is RUNNING; last ${report.lastSign.source === 'HEARTBEAT' ? 'heartbeat' : 'state change'} ${age} s ago (stale after ${limit} s): fine`;
}
