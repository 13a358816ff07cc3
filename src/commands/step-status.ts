import type { CommandContext } from '../cli/context.js';
import type { StepName } from '../core/runtime/state.js';
import { readStep, setStep } from '../core/state/steps.js';
import type { STEP_OPTIONS } from './registry/options.js';

/** plan-status, judge-status and write-status: one implementation, the step named by the command. */
export async function run(ctx: CommandContext<typeof STEP_OPTIONS>): Promise<number> {
  const step = ctx.command.replace(/-status$/, '') as StepName;
  const workspace = ctx.workspace();
  const status = ctx.options.set;
  const note = ctx.options.note;
  const value =
    status === undefined && note === undefined
      ? readStep(workspace, step)
      : await setStep(workspace, step, { status, note });
  if (ctx.options.json) ctx.printJson(value);
  else
    ctx.out(
      `${step}: ${value.status ?? 'unset'}${value.at ? `  (${value.at})` : ''}${value.note ? `  ${value.note}` : ''}`,
    );
  return 0;
}
