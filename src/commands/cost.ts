import type { CommandContext } from '../cli/context.js';
import { buildCostReport, COST_BY, type CostBy } from '../core/report/cost.js';
import { makeColors } from '../render/colors.js';
import { renderCostReport } from '../render/guards.js';
import type { COST_OPTIONS } from './registry/options.js';

function isCostBy(value: string): value is CostBy {
  return (COST_BY as readonly string[]).includes(value);
}

export function run(ctx: CommandContext<typeof COST_OPTIONS>): number {
  const by = ctx.options.by;
  if (!isCostBy(by)) throw ctx.usageError(`--by: expected one of ${COST_BY.join(', ')}, got '${by}'`);
  const report = buildCostReport(ctx.workspace(), by);
  if (ctx.options.json) ctx.printJson(report);
  else ctx.io.stdout.write(renderCostReport(report, makeColors(ctx.color)));
  return 0;
}
