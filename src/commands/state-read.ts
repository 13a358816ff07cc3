import { AutosweError, EXIT_USAGE } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { readState, valueAtPath } from '../core/runtime/state.js';

export function run(ctx: CommandContext<JsonOnly>): number {
  const workspace = ctx.workspace();
  const read = readState(workspace);
  if (read.kind === 'corrupt')
    throw new AutosweError(`${workspace.paths.state} is corrupt: ${read.message}`, EXIT_USAGE);
  const state = read.kind === 'ok' ? read.value : { status: 'UNINITIALIZED' };
  const [keyPath] = ctx.args;
  if (keyPath === undefined) {
    ctx.printJson(state);
    return 0;
  }
  const value = valueAtPath(state, keyPath);
  if (value === undefined) throw new AutosweError(`state.json has no '${keyPath}'`);
  // Strings print bare for shell use; everything else (and --json) as JSON.
  if (typeof value === 'string' && !ctx.options.json) ctx.out(value);
  else ctx.printJson(value);
  return 0;
}
