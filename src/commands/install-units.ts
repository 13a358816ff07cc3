import type { CommandContext } from '../cli/context.js';
import { type InstallOutcome, installUnits } from '../core/service/install-units.js';
import type { INSTALL_UNITS_OPTIONS } from './registry/options.js';

const ACTION_WORDS = {
  create: 'wrote',
  update: 'updated',
  replace: 'replaced',
  unchanged: 'unchanged',
} as const;

export async function run(ctx: CommandContext<typeof INSTALL_UNITS_OPTIONS>): Promise<number> {
  const outcome = await installUnits(ctx.workspace(), {
    env: ctx.env,
    cwd: ctx.io.cwd,
    dest: ctx.options.dest,
    force: ctx.options.force,
  });
  if (ctx.options.json) ctx.printJson(outcome);
  else ctx.out(renderInstall(outcome));
  return 0;
}

function renderInstall(outcome: InstallOutcome): string {
  const lines = [`templates: ${outcome.source} (${outcome.from})`];
  for (const unit of outcome.units) {
    const why = unit.reason ? ` (${unit.reason})` : '';
    lines.push(`${ACTION_WORDS[unit.action].padEnd(10)}${unit.path}${why}`);
  }
  for (const path of outcome.leftOver) {
    lines.push(
      `${'left'.padEnd(10)}${path} (written by autoswe earlier, no template now; remove it if unwanted)`,
    );
  }
  if (outcome.switchedFrom !== null) {
    lines.push(
      `switched  the units from ${outcome.switchedFrom} to this workspace (one workspace per user); a loop of ${outcome.switchedFrom} the service runs now keeps running until 'autoswe restart' or 'autoswe stop'`,
    );
  }
  if (outcome.reload.kind === 'done') lines.push('ran systemctl --user daemon-reload');
  else if (outcome.reload.kind === 'not-needed') lines.push('nothing changed; no daemon-reload needed');
  else lines.push(`not reloaded: ${outcome.reload.reason}`);
  lines.push("nothing was enabled or started; 'autoswe start' starts the service and its timers");
  return lines.join('\n');
}
