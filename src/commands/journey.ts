import { AutosweError } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import { readJourneyEntry, readLatestJourneyEntry } from '../core/journey/entries.js';
import { makeColors } from '../render/colors.js';
import type { JOURNEY_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof JOURNEY_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const iter = ctx.options.iter;
  const entry = iter === undefined ? readLatestJourneyEntry(workspace) : readJourneyEntry(workspace, iter);
  if (entry === undefined) {
    const what = iter === undefined ? 'no journey entries yet' : `no journey entry for iteration ${iter}`;
    throw new AutosweError(`${what} in ${workspace.paths.journeyDir}`);
  }
  if (ctx.options.json) {
    ctx.printJson(entry);
    return 0;
  }
  const { renderMarkdown } = await import('../render/markdown.js');
  const colors = makeColors(ctx.color);
  ctx.write(
    `${colors.dim(entry.file)}\n\n${renderMarkdown(entry.markdown, colors, ctx.io.stdout.columns ?? 100)}`,
  );
  return 0;
}
