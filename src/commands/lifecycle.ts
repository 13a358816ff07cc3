import type { CommandContext } from '../cli/context.js';
import {
  type InstanceOutcome,
  type LifecycleAction,
  lifecycleCheck,
  lifecycleTargets,
  runLifecycle,
} from '../core/service/lifecycle.js';
import { instanceUnits } from '../core/service/unit-names.js';
import type { LIFECYCLE_OPTIONS } from './registry/options.js';

const DONE: Record<LifecycleAction, string> = { start: 'started', stop: 'stopped', restart: 'restarted' };

/** `start`, `stop` and `restart`: one module, the action is the command's name. */
export async function run(ctx: CommandContext<typeof LIFECYCLE_OPTIONS>): Promise<number> {
  const action = ctx.command as LifecycleAction;
  const all = ctx.options.all;
  lifecycleCheck(action, ctx.env);
  const { targets, skipped } = lifecycleTargets(action, ctx.env, all, () => ctx.workspace().root);
  const outcome = await runLifecycle(
    action,
    ctx.env,
    targets,
    () => {
      if (action === 'stop' || ctx.options.json) return;
      const services = targets.map((target) => instanceUnits(target.name).service).join(', ');
      ctx.err(
        `${action === 'start' ? 'starting' : 'restarting'}: ${services} first wait${targets.length === 1 ? 's' : ''} for the model proxy (ExecStartPre lease-ready --wait)…`,
      );
    },
    skipped,
  );
  const failed = outcome.instances.some((instance) => instance.error !== null);
  if (ctx.options.json) {
    const [only] = outcome.instances;
    // One workspace: its instance's fields at the top; --all: every instance in `instances`.
    ctx.printJson(
      all || only === undefined ? outcome : { action, name: only.name, root: only.root, units: only.units },
    );
    return failed ? 1 : 0;
  }
  for (const entry of skipped) ctx.err(`skipped ${entry.name}: ${entry.problem}`);
  for (const instance of outcome.instances) ctx.out(renderInstance(action, instance, all));
  return failed ? 1 : 0;
}

function renderInstance(action: LifecycleAction, instance: InstanceOutcome, all: boolean): string {
  const head =
    instance.error !== null
      ? `${instance.name}: failed: ${instance.error}`
      : all
        ? `${instance.name}: ${DONE[action]}`
        : DONE[action];
  const width = Math.max(...instance.units.map((unit) => unit.unit.length)) + 2;
  const units = instance.units.map((unit) => `  ${unit.unit.padEnd(width)}${unit.active} (${unit.sub})`);
  return [head, ...units].join('\n');
}
