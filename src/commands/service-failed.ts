import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { loadConfig } from '../core/config/load.js';
import { awaitDelivery } from '../core/notify/settle.js';
import { recordServiceFailure } from '../core/service/failed.js';
import { workspaceName } from '../core/service/unit-names.js';

/** `service-failed [NAME]`: run by autoswe-failed@NAME.service (OnFailure= of autoswe@NAME.service). */
export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const workspace = ctx.workspace();
  const name = ctx.args[0] ?? workspaceName(await loadConfig(workspace));
  const failure = await recordServiceFailure(workspace, name, ctx.env);
  // This runs as a oneshot unit: systemd kills the background notifier with it, so wait for the sending.
  if (failure.event !== null) await awaitDelivery(workspace, workspace.paths.config, 90_000);
  if (ctx.options.json) ctx.printJson(failure);
  else if (failure.event === null)
    ctx.out(`${failure.unit} is ${failure.activeState}, not failed: nothing recorded`);
  else ctx.out(`recorded service.failed: ${failure.event.reason}`);
  return 0;
}
