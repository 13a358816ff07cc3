import { AutosweError } from '../core/errors.js';
import { currentUser } from '../core/identity.js';
import { decideRule, type RuleDecision, type RuleDecisionKind, readRulesQueue } from '../core/rules.js';
import type { Workspace } from '../core/workspace.js';
import { HttpError } from './query.js';

export interface DecisionInput {
  readonly id: string;
  readonly decision: RuleDecisionKind;
  readonly note: string | undefined;
}

/**
 * Appends a decision to RULES_QUEUE exactly as `rules-review approve|reject` does (same core call, same `by`).
 * Unknown id → 404; already decided → 409; refused entirely on a read-only server.
 */
export async function decide(
  workspace: Workspace,
  env: NodeJS.ProcessEnv,
  readOnly: boolean,
  input: DecisionInput,
): Promise<RuleDecision> {
  if (readOnly) throw new HttpError(403, 'this server is read-only: rule decisions are refused');
  if (input.id === '' || input.id.length > 200)
    throw new HttpError(400, 'a rule proposal id is 1 to 200 characters');
  const known = readRulesQueue(workspace).records.some((record) => record.proposal.id === input.id);
  if (!known) throw new HttpError(404, `no rule proposal with id '${input.id}'`);
  const note = input.note?.trim();
  try {
    return await decideRule(workspace, {
      id: input.id,
      decision: input.decision,
      by: currentUser(env),
      note: note === undefined || note === '' ? undefined : note.slice(0, 500),
    });
  } catch (error) {
    // decideRule re-checks under the lock: another operator may have decided it a moment ago.
    if (error instanceof AutosweError && /already/.test(error.message))
      throw new HttpError(409, error.message);
    throw error;
  }
}
