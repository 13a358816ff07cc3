import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { lockCheck, updateLock } from '../core/parity/lock-check.js';
import { makeColors } from '../render/colors.js';
import { renderLockCheck } from '../render/verify.js';
import type { LOCK_CHECK_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof LOCK_CHECK_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  if (ctx.options.update) {
    const manifest = await updateLock(workspace, config);
    if (ctx.options.json) ctx.printJson({ updated: true, ...manifest });
    else ctx.out(`LOCK.json updated: ${Object.keys(manifest.files).length} protected files recorded`);
    return 0;
  }
  const check = await lockCheck(workspace, config);
  if (ctx.options.json) ctx.printJson(check);
  else ctx.write(renderLockCheck(check, makeColors(ctx.color)));
  return check.ok ? 0 : 1;
}
