import { inspectImage, probeEngine } from '../adapters/containers.js';
import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { makeColors } from '../render/colors.js';

/** The images the config names and whether each is present; exit 1 when one is missing or no engine answers. */
export async function run(ctx: CommandContext): Promise<number> {
  const config = await loadConfig(ctx.workspace());
  const colors = makeColors(ctx.color);
  if (config.images.length === 0) {
    if (ctx.json) ctx.printJson({ engine: null, images: [] });
    else ctx.out(`the config names no images (images: [] in ${config.file})`);
    return 0;
  }
  const probe = await probeEngine(ctx.env);
  if (probe.kind === 'none') {
    if (ctx.json)
      ctx.printJson({
        engine: null,
        reason: probe.tried,
        images: config.images.map((image) => ({ image, present: null })),
      });
    else {
      ctx.out(
        `no container engine answered (${probe.tried.join('; ')}); cannot tell whether these are present:`,
      );
      for (const image of config.images) ctx.out(`  ?        ${image}`);
    }
    return 1;
  }
  const images = await Promise.all(config.images.map((image) => inspectImage(probe.engine, image, ctx.env)));
  if (ctx.json) ctx.printJson({ engine: probe.engine, images });
  else {
    ctx.out(`engine: ${probe.engine.name} (${probe.engine.path})`);
    for (const entry of images) {
      const mark = entry.present ? colors.green('present') : colors.red('missing');
      ctx.out(`  ${mark}  ${entry.image}  ${entry.detail}`);
    }
  }
  return images.every((entry) => entry.present) ? 0 : 1;
}
