import { isAbsolute, join } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { bwrapInstalled, initWorkspace, parseLanguage } from '../core/setup/init.js';
import type { INIT_OPTIONS } from './registry/options.js';

export function run(ctx: CommandContext<typeof INIT_OPTIONS>): number {
  const [dir = '.'] = ctx.args;
  const language = parseLanguage(ctx.options.lang);
  const bwrap = bwrapInstalled(ctx.env);
  const outcome = initWorkspace(ctx.rootOption ?? (isAbsolute(dir) ? dir : join(ctx.io.cwd, dir)), {
    language,
    bwrap,
  });
  if (ctx.options.json) {
    ctx.printJson(outcome);
    return 0;
  }
  ctx.out(`initialised autoswe workspace in ${outcome.root}`);
  if (outcome.language === 'go') ctx.out(`  autoswe.yaml starts from the Go defaults (${outcome.why})`);
  ctx.out(
    bwrap
      ? '  agent.sandbox and sandbox: bwrap (bubblewrap is installed; docs/SECURITY.md)'
      : '  agent.sandbox and sandbox: none (bubblewrap is not installed: apt-get install bubblewrap; docs/SECURITY.md)',
  );
  for (const path of outcome.created) ctx.out(`  created ${path}`);
  ctx.out("next: edit autoswe.yaml, then 'autoswe status'");
  return 0;
}
