import { recordEvent } from '../events/record.js';
import { type DecisionRequest, decideRule, type RuleDecision } from '../runtime/rules-queue.js';
import type { Workspace } from '../runtime/workspace.js';

/** Decides a pending proposal (`decideRule`, under the lock) and records a `rule.decided` event. */
export async function decideProposal(
  workspace: Workspace,
  request: DecisionRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RuleDecision> {
  const decision = await decideRule(workspace, request);
  recordEvent(
    workspace,
    {
      at: decision.at,
      type: 'rule.decided',
      by: decision.by,
      reason: decision.note,
      rule: decision.id,
      decision: decision.decision,
    },
    env,
  );
  return decision;
}
