import { readRun, updateRun } from '../core/runtime/runs.js';
import type { SessionRecord } from '../core/runtime/session-record.js';
import { type SessionAction, sessionAction } from '../core/session/policy.js';
import type { LoopRun } from './loop-run.js';

/**
 * The decision after a session, counting failures in a row for this iteration: API errors (and idle
 * sessions) for the backoff and `limits.agent_retries`, usage limits without a reset time for theirs.
 * A judged session resets both.
 */
export function decideAfterSession(
  run: LoopRun,
  session: SessionRecord,
  setupError: string | null,
): SessionAction {
  if (setupError !== null) {
    return {
      kind: 'pause',
      reason: `${setupError}; fix agent.outcome_command in autoswe.yaml, then autoswe resume`,
    };
  }
  const apiError = session.outcome === 'api_error' || session.outcome === 'idle';
  const blindLimit = session.outcome === 'usage_limit' && session.resets_at === undefined;
  const retry = {
    apiErrors: apiError ? run.retry.apiErrors + 1 : 0,
    blindLimits: blindLimit ? run.retry.blindLimits + 1 : 0,
  };
  const action = sessionAction(session, retry, {
    now: run.clock.now(),
    retries: run.config.limits.agent_retries,
    jitterMs: run.clock.jitterMs(),
  });
  // A pause hands the iteration to the operator: after `resume` the retries start again.
  run.retry = action.kind === 'wait' ? retry : { apiErrors: 0, blindLimits: 0 };
  return action;
}

/** run.json: the newest session (with its iteration) as `last_session`, and the count per outcome. */
export async function recordSession(run: LoopRun, session: SessionRecord): Promise<void> {
  const sessions = { ...(readRun(run.workspace, run.id).sessions ?? {}) };
  sessions[session.outcome] = (sessions[session.outcome] ?? 0) + 1;
  await updateRun(run.workspace, run.id, { last_session: { ...session, iter: run.iter }, sessions });
}
