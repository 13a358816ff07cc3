import type { CommandContext } from '../cli/context.js';
import { readLastVerdicts } from '../core/verdicts.js';
import { makeColors } from '../render/colors.js';
import { renderVerdicts } from '../render/verdicts.js';

export function run(ctx: CommandContext): number {
  const entries = readLastVerdicts(ctx.workspace(), ctx.int('n') ?? 10);
  if (ctx.json)
    ctx.printJson(entries.map((entry) => (entry.kind === 'verdict' ? entry.verdict : { raw: entry.text })));
  else ctx.io.stdout.write(renderVerdicts(entries, makeColors(ctx.color), new Date()));
  return 0;
}
