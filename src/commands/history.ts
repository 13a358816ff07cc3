import type { CommandContext } from '../cli/context.js';
import { parseSince, parseTypes } from '../core/events/query.js';
import { eventEntryJson, queryEvents } from '../core/runtime/events.js';
import { makeColors } from '../render/colors.js';
import { renderEvents } from '../render/events.js';
import type { HISTORY_OPTIONS } from './registry/options.js';

/** `history [--since D] [--type T] [-n N] [--json]`: operator events, newest first, read from the end. */
export function run(ctx: CommandContext<typeof HISTORY_OPTIONS>): number {
  const since = ctx.options.since === undefined ? undefined : parseSince(ctx.options.since, new Date());
  const types = ctx.options.type === undefined ? undefined : parseTypes(ctx.options.type);
  const page = queryEvents(ctx.workspace(), { limit: ctx.options.n, since, types });
  if (ctx.options.json) ctx.printJson(page.entries.map(eventEntryJson));
  else ctx.write(renderEvents(page.entries, makeColors(ctx.color)));
  return 0;
}
