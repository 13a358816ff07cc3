import { currentUser } from '../base/identity.js';
import { terminalLine } from '../base/terminal-text.js';
import type { CommandContext } from '../cli/context.js';
import { decideProposal } from '../core/rules/decide.js';
import { applyRules } from '../core/rules/rules-yaml.js';
import { isAutoApplicable, pendingRules, readRulesQueue } from '../core/runtime/rules-queue.js';
import { makeColors } from '../render/colors.js';
import { renderPendingRules } from '../render/rules.js';
import type { RULES_REVIEW_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof RULES_REVIEW_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const [action, id] = ctx.args;
  const user = currentUser(ctx.env);
  if (action === undefined) {
    const queue = readRulesQueue(workspace);
    const pending = pendingRules(queue);
    // A proposal written with a wrong field would otherwise vanish from the list without a word.
    if (queue.malformed.length > 0) {
      const first = queue.malformed[0] ?? '';
      ctx.err(
        `autoswe: ${queue.malformed.length} line(s) of ${workspace.paths.rulesQueue} are not rule events (RUNTIME.md section 5) and were skipped; first: ${terminalLine(first, 120)}`,
      );
    }
    if (ctx.options.json) {
      ctx.printJson(
        pending.map((record) => ({ ...record.proposal, auto_applicable: isAutoApplicable(record.proposal) })),
      );
    } else ctx.write(renderPendingRules(pending, makeColors(ctx.color)));
    return 0;
  }
  if (action === 'approve' || action === 'reject') {
    if (id === undefined) throw ctx.usageError(`${action} needs a proposal ID`);
    const decision = await decideProposal(
      workspace,
      {
        via: 'rules-review',
        id,
        decision: action === 'approve' ? 'approved' : 'rejected',
        by: user,
        note: ctx.options.message,
      },
      ctx.env,
    );
    if (ctx.options.json) ctx.printJson(decision);
    else
      ctx.out(
        `${decision.decision} ${id}${action === 'approve' ? "; 'autoswe rules-review apply' writes it into rules.yaml" : ''}`,
      );
    return 0;
  }
  if (action === 'apply') {
    if (id !== undefined) throw ctx.usageError(`apply takes no argument, got '${id}'`);
    const outcome = await applyRules(workspace, user, new Date(), ctx.env);
    if (ctx.options.json) ctx.printJson(outcome);
    else {
      for (const id of outcome.completed ?? [])
        ctx.out(
          `completed ${terminalLine(id, 100)}: an earlier apply wrote it into rules.yaml but stopped before recording it`,
        );
      for (const proposal of outcome.applied)
        ctx.out(
          `applied ${terminalLine(proposal.id, 100)} (${proposal.kind}): ${terminalLine(proposal.text, 2000)}`,
        );
      for (const { proposal, why } of outcome.skipped)
        ctx.err(`skipped ${terminalLine(proposal.id, 100)}: ${terminalLine(why, 500)}`);
      if (
        outcome.applied.length === 0 &&
        outcome.skipped.length === 0 &&
        (outcome.completed ?? []).length === 0
      )
        ctx.out('nothing to apply');
    }
    return outcome.skipped.length > 0 ? 1 : 0;
  }
  throw ctx.usageError(`unknown action '${action}'; expected approve ID, reject ID or apply`);
}
