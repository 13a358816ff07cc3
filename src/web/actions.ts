import { AutosweError } from '../base/errors.js';
import { currentUser } from '../base/identity.js';
import { decideProposal } from '../core/rules/decide.js';
import { type RuleDecision, type RuleDecisionKind, readRulesQueue } from '../core/runtime/rules-queue.js';
import type { Workspace } from '../core/runtime/workspace.js';
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
    return await decideProposal(
      workspace,
      {
        via: 'web',
        id: input.id,
        decision: input.decision,
        by: currentUser(env),
        note: note === undefined || note === '' ? undefined : note.slice(0, 500),
      },
      env,
    );
  } catch (error) {
    // decideRule re-checks under the lock: another operator may have decided it a moment ago.
    if (error instanceof AutosweError && /already/.test(error.message))
      throw new HttpError(409, error.message);
    throw error;
  }
}

/** The optional decision note: a JSON body `{"note": "…"}` or a form field `note`. */
export async function readNote(
  contentType: string | undefined,
  text: () => Promise<string>,
): Promise<string | undefined> {
  const raw = await text();
  if (raw.trim() === '') return undefined;
  if (contentType?.includes('application/json')) {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'the request body is not valid JSON');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new HttpError(400, 'the request body must be a JSON object like {"note": "…"}');
    }
    const note = (value as Record<string, unknown>).note;
    if (note !== undefined && note !== null && typeof note !== 'string')
      throw new HttpError(400, 'note must be a string');
    return note ?? undefined;
  }
  return new URLSearchParams(raw).get('note') ?? undefined;
}
