import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { loadConfig } from '../core/config/load.js';
import { allImagesPresent, checkImages } from '../core/setup/images.js';
import { makeColors } from '../render/colors.js';
import { renderImages } from '../render/images.js';

/** The images the config names and whether each is present; exit 1 when one is missing or no engine answers. */
export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const config = await loadConfig(ctx.workspace());
  const report = await checkImages(config.images, ctx.env);
  if (ctx.options.json) ctx.printJson(report);
  else ctx.write(renderImages(report, config.file, makeColors(ctx.color)));
  return allImagesPresent(report) ? 0 : 1;
}
