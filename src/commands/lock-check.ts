import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { lockCheck, updateLock } from '../core/parity/lock-check.js';
import { makeColors } from '../render/colors.js';
import { renderLockCheck } from '../render/verify.js';

export async function run(ctx: CommandContext): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  if (ctx.flag('update')) {
    const manifest = await updateLock(workspace, config);
    if (ctx.json) ctx.printJson({ updated: true, ...manifest });
    else ctx.out(`LOCK.json updated: ${Object.keys(manifest.files).length} protected files recorded`);
    return 0;
  }
  const check = await lockCheck(workspace, config);
  if (ctx.json) ctx.printJson(check);
  else ctx.io.stdout.write(renderLockCheck(check, makeColors(ctx.color)));
  return check.ok ? 0 : 1;
}
