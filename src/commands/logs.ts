import type { CommandContext } from '../cli/context.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { lifecycleTargets } from '../core/service/lifecycle.js';
import { entryWorkspace, type JournalEntry, serviceLog } from '../core/service/logs.js';
import { makeColors } from '../render/colors.js';
import { renderJournalEntry } from '../render/journal.js';
import type { LOGS_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof LOGS_OPTIONS>): Promise<number> {
  const all = ctx.options.all;
  const { targets } = lifecycleTargets('logs', ctx.env, all, () => ctx.workspace().root);
  const log = serviceLog(
    ctx.env,
    targets.map((target) => target.name),
  );
  const lines = ctx.options.n;
  const entries = await log.read(lines);
  const workspace = all ? undefined : optionalWorkspace(ctx);
  if (ctx.options.json) {
    ctx.printJson({
      // One workspace: its unit, as before --all existed; --all: every unit followed.
      ...(all ? { units: log.units } : { unit: log.units[0] }),
      entries,
      elsewhere: entries.length === 0 ? log.elsewhere(workspace) : [],
    });
    return 0;
  }
  const colors = makeColors(ctx.color);
  // With --all, each line says whose loop wrote it.
  const render = (entry: JournalEntry) =>
    `${all ? `${colors.bold(`[${entryWorkspace(entry) ?? entry.unit ?? '?'}]`)} ` : ''}${renderJournalEntry(entry, colors)}`;
  for (const entry of entries) ctx.out(render(entry));
  const follow = !ctx.options.noFollow;
  if (entries.length === 0 && lines > 0) {
    ctx.err(
      `the journal holds nothing for ${log.units.join(', ')}${follow ? ' yet (following; Ctrl-C stops)' : ''}; look also at:`,
    );
    for (const place of log.elsewhere(workspace)) ctx.err(`  ${place}`);
  }
  if (!follow) return 0;
  return log.follow(entries.at(-1)?.cursor ?? null, (entry) => ctx.out(render(entry)));
}

/** The hint about loop.log needs the workspace. */
function optionalWorkspace(ctx: CommandContext): Workspace | undefined {
  try {
    return ctx.workspace();
  } catch {
    return undefined;
  }
}
