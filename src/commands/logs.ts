import { followJournal, readJournal, requireJournalctl } from '../adapters/journal.js';
import { SERVICE_UNIT } from '../adapters/systemd.js';
import type { CommandContext } from '../cli/context.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { otherLogPlaces } from '../core/service/log-places.js';
import { makeColors } from '../render/colors.js';
import { renderJournalEntry } from '../render/journal.js';
import type { LOGS_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof LOGS_OPTIONS>): Promise<number> {
  const journalctl = requireJournalctl(ctx.env);
  const lines = ctx.options.n;
  const entries = lines === 0 ? [] : await readJournal(journalctl, SERVICE_UNIT, lines, ctx.env);
  const workspace = optionalWorkspace(ctx);
  if (ctx.options.json) {
    ctx.printJson({
      unit: SERVICE_UNIT,
      entries,
      elsewhere: entries.length === 0 ? otherLogPlaces(SERVICE_UNIT, workspace) : [],
    });
    return 0;
  }
  const colors = makeColors(ctx.color);
  for (const entry of entries) ctx.out(renderJournalEntry(entry, colors));
  const follow = !ctx.options.noFollow;
  if (entries.length === 0 && lines > 0) {
    ctx.err(
      `the journal holds nothing for ${SERVICE_UNIT}${follow ? ' yet (following; Ctrl-C stops)' : ''}; look also at:`,
    );
    for (const place of otherLogPlaces(SERVICE_UNIT, workspace)) ctx.err(`  ${place}`);
  }
  if (!follow) return 0;
  const last = entries.at(-1)?.cursor ?? null;
  return followJournal(journalctl, SERVICE_UNIT, last, ctx.env, (entry) =>
    ctx.out(renderJournalEntry(entry, colors)),
  );
}

/** The hint about loop.log needs the workspace, but logs work outside one too. */
function optionalWorkspace(ctx: CommandContext): Workspace | undefined {
  try {
    return ctx.workspace();
  } catch {
    return undefined;
  }
}
