import type { CommandContext } from '../cli/context.js';
import { AutosweError } from '../core/errors.js';

export async function run(ctx: CommandContext): Promise<number> {
  const interactive = ctx.io.stdout.isTTY === true && (ctx.io.stdin as { isTTY?: boolean }).isTTY === true;
  if (!interactive) {
    const status = await import('./status.js');
    return status.run(ctx);
  }
  throw new AutosweError('the interactive TUI is not built yet; use autoswe status');
}
