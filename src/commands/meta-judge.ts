import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { loadConfig } from '../core/config/load.js';
import { awaitDelivery } from '../core/notify/settle.js';
import { type MetaJudgeReport, metaJudgePass, repeatedRevertProposer } from '../core/rules/meta-judge.js';
import { commandProposer } from '../core/rules/meta-judge-command.js';

export async function run(ctx: CommandContext<JsonOnly>): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  const settings = { window: config.meta_judge.window, revertThreshold: config.meta_judge.revert_threshold };
  const command = config.meta_judge.command;
  const report = await metaJudgePass(workspace, settings, {
    source: command ? 'command' : 'built-in',
    proposer: command
      ? commandProposer(command, workspace.root, settings, ctx.env)
      : repeatedRevertProposer(settings),
  });
  // Run by its timer's oneshot unit, whose end kills the background notifier: let it send first.
  if (ctx.env.INVOCATION_ID && report.proposed.length > 0)
    await awaitDelivery(workspace, config.file, 60_000);
  if (ctx.options.json) ctx.printJson(report);
  else ctx.out(describe(report));
  return 0;
}

function describe(report: MetaJudgeReport): string {
  const lines = [
    `considered ${report.considered} verdict${report.considered === 1 ? '' : 's'} (${report.source} proposer)`,
  ];
  for (const proposal of report.proposed) {
    lines.push(
      `proposed ${proposal.id} (${proposal.kind}): ${proposal.text}`,
      `  why: ${proposal.rationale}`,
    );
  }
  for (const skip of report.skipped) lines.push(`not proposed again (${skip.why}): ${skip.text}`);
  if (report.proposed.length === 0 && report.skipped.length === 0) lines.push('nothing to propose');
  else if (report.proposed.length > 0) lines.push("review with 'autoswe rules-review'");
  return lines.join('\n');
}
