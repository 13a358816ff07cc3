import type { CommandContext } from '../cli/context.js';
import type { StepName } from '../core/runtime/state.js';
import { readStep, setStep } from '../core/state/steps.js';

/** plan-status, judge-status and write-status: one implementation, the step named by the command. */
export async function run(ctx: CommandContext): Promise<number> {
  const step = ctx.command.replace(/-status$/, '') as StepName;
  const workspace = ctx.workspace();
  const status = ctx.string('set');
  const note = ctx.string('note');
  const value =
    status === undefined && note === undefined
      ? readStep(workspace, step)
      : await setStep(workspace, step, { status, note });
  if (ctx.json) ctx.printJson(value);
  else
    ctx.out(
      `${step}: ${value.status ?? 'unset'}${value.at ? `  (${value.at})` : ''}${value.note ? `  ${value.note}` : ''}`,
    );
  return 0;
}
