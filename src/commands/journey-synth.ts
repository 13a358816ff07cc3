import { relative } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { synthesizeJourney } from '../core/journey/synth.js';
import type { JOURNEY_SYNTH_OPTIONS } from './registry/options.js';

/** `journey-synth [--iter N]`: (re)writes docs/journey/iter-<N>.md from the verdict and the transcript. */
export async function run(ctx: CommandContext<typeof JOURNEY_SYNTH_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const path = await synthesizeJourney(workspace, ctx.options.iter);
  if (ctx.options.json) ctx.printJson({ path });
  else ctx.out(`wrote ${relative(workspace.root, path)}`);
  return 0;
}
