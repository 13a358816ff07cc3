import type { CommandContext } from '../cli/context.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { serviceLog } from '../core/service/logs.js';
import { makeColors } from '../render/colors.js';
import { renderJournalEntry } from '../render/journal.js';
import type { LOGS_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof LOGS_OPTIONS>): Promise<number> {
  const log = serviceLog(ctx.env);
  const lines = ctx.options.n;
  const entries = await log.read(lines);
  const workspace = optionalWorkspace(ctx);
  if (ctx.options.json) {
    ctx.printJson({
      unit: log.unit,
      entries,
      elsewhere: entries.length === 0 ? log.elsewhere(workspace) : [],
    });
    return 0;
  }
  const colors = makeColors(ctx.color);
  for (const entry of entries) ctx.out(renderJournalEntry(entry, colors));
  const follow = !ctx.options.noFollow;
  if (entries.length === 0 && lines > 0) {
    ctx.err(
      `the journal holds nothing for ${log.unit}${follow ? ' yet (following; Ctrl-C stops)' : ''}; look also at:`,
    );
    for (const place of log.elsewhere(workspace)) ctx.err(`  ${place}`);
  }
  if (!follow) return 0;
  return log.follow(entries.at(-1)?.cursor ?? null, (entry) => ctx.out(renderJournalEntry(entry, colors)));
}

/** The hint about loop.log needs the workspace, but logs work outside one too. */
function optionalWorkspace(ctx: CommandContext): Workspace | undefined {
  try {
    return ctx.workspace();
  } catch {
    return undefined;
  }
}
