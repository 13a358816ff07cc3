import type { CommandContext } from '../cli/context.js';
import { type InstallOutcome, installUnits } from '../core/service/install-units.js';
import { instanceUnits } from '../core/service/unit-names.js';
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
  return outcome.migration?.failed ? 1 : 0;
}

const column = (word: string) => word.padEnd(10);

function renderInstall(outcome: InstallOutcome): string {
  const units = instanceUnits(outcome.name);
  const lines = [`workspace ${outcome.name} (${outcome.root}): ${units.service} and its timers`];
  lines.push(`templates: ${outcome.source} (${outcome.from})`);
  for (const path of outcome.ignored) {
    lines.push(
      `${column('ignored')}${path} (a fixed-name template of an older autoswe; the template units name@.* replace it: delete it)`,
    );
  }
  for (const unit of outcome.units) {
    const why = unit.reason ? ` (${unit.reason})` : '';
    lines.push(`${column(ACTION_WORDS[unit.action])}${unit.path}${why}`);
  }
  for (const path of outcome.leftOver) {
    lines.push(
      `${column('left')}${path} (written by autoswe earlier, no template now; remove it if unwanted)`,
    );
  }
  lines.push(
    `${column(outcome.registry.action === 'created' ? 'linked' : 'unchanged')}${outcome.registry.path} -> ${outcome.root}`,
  );
  if (outcome.sharedWith.length > 0) {
    lines.push(
      `shared    the template units serve ${outcome.sharedWith.join(', ')} too: a loop running there keeps the old definition until 'autoswe restart' there`,
    );
  }
  if (outcome.migration !== null) {
    lines.push(`migrating from the ${outcome.migration.from}:`);
    for (const step of outcome.migration.steps) lines.push(`  ${step}`);
  }
  // A migration says its reload among its steps, where it happened.
  if (outcome.reload.kind === 'done') {
    if (outcome.migration === null) lines.push('ran systemctl --user daemon-reload');
  } else if (outcome.reload.kind === 'not-needed') lines.push('nothing changed; no daemon-reload needed');
  else lines.push(`not reloaded: ${outcome.reload.reason}`);
  if (!outcome.migration?.started) {
    lines.push(`nothing was enabled or started; 'autoswe start' starts ${units.service} and its timers`);
  }
  return lines.join('\n');
}
