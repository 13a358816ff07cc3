import { AutosweError, EXIT_USAGE } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { unskipModule } from '../core/guards/breaker.js';
import { readParitySummary } from '../core/runtime/parity.js';
import { readSentinels } from '../core/runtime/sentinels.js';
import { readState } from '../core/runtime/state.js';

/** `autoswe unskip MODULE`: the breaker's set-aside undone for this epoch (docs/LOOP.md "Breaker"). */
export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const workspace = ctx.workspace();
  const module = ctx.args[0] ?? '';
  const parity = readParitySummary(workspace);
  if (parity.kind === 'ok' && !parity.modules.some((item) => item.name === module)) {
    const known = parity.modules.map((item) => item.name).join(', ');
    throw new AutosweError(`no module '${module}' in parity.json (modules: ${known || 'none'})`, EXIT_USAGE);
  }
  const state = readState(workspace);
  const epoch = state.kind === 'ok' ? (state.value.epoch ?? 0) : 0;
  const entry = await unskipModule(workspace, epoch, module);
  const paused = readSentinels(workspace).soft !== null;
  if (ctx.options.json) {
    ctx.printJson({ module, epoch, was_set_aside: entry !== null, set_aside: entry, paused });
    return 0;
  }
  if (entry === null) ctx.out(`${module} was not set aside in epoch ${epoch}; nothing to do`);
  else
    ctx.out(
      `${module} is back: select-module may choose it again (it was set aside at iter ${entry.iter}: ${entry.reason})`,
    );
  if (entry !== null && paused) ctx.out("the loop is paused; 'autoswe resume' lets it continue");
  return 0;
}
