import type { SessionOutcomeKind, SessionRecord } from '../runtime/session-record.js';
import { JUDGED_OUTCOMES } from '../runtime/session-record.js';

/** What the loop does after a session (docs/LOOP.md, "How an agent session ends"). */
export type SessionAction =
  | { readonly kind: 'judge' }
  | {
      readonly kind: 'wait';
      readonly cause: 'usage_limit' | 'api_error';
      /** Epoch milliseconds. */
      readonly until: number;
      readonly reason: string;
      /** Probe the model proxy before retrying, and keep waiting while it is down. */
      readonly probe: boolean;
    }
  | { readonly kind: 'pause'; readonly reason: string };

export interface RetryState {
  /** api_error (and idle) sessions in a row for this iteration, this one included. */
  readonly apiErrors: number;
  /** usage_limit sessions in a row without a reset time, this one included. */
  readonly blindLimits: number;
}

export interface PolicyOptions {
  readonly now: number;
  /** `limits.agent_retries`. */
  readonly retries: number;
  /** Added to a usage limit's reset time, so a fleet does not come back all at once (ms). */
  readonly jitterMs: number;
}

export const API_BACKOFF_FIRST_MS = 30_000;
export const API_BACKOFF_MAX_MS = 30 * 60_000;
export const LIMIT_BACKOFF_FIRST_MS = 15 * 60_000;
export const LIMIT_BACKOFF_MAX_MS = 2 * 60 * 60_000;
/** A reset time already past (clocks differ) still waits this long. */
export const LIMIT_MIN_WAIT_MS = 30_000;

/** 30 s, 60 s, 120 s … capped at 30 min, for the n-th retry (1-based). */
export function apiBackoffMs(retry: number): number {
  return Math.min(API_BACKOFF_MAX_MS, API_BACKOFF_FIRST_MS * 2 ** Math.max(0, retry - 1));
}

/** 15 min doubling to 2 h, for the n-th usage limit in a row without a reset time (1-based). */
export function limitBackoffMs(limit: number): number {
  return Math.min(LIMIT_BACKOFF_MAX_MS, LIMIT_BACKOFF_FIRST_MS * 2 ** Math.max(0, limit - 1));
}

const FIX: Partial<Record<SessionOutcomeKind, string>> = {
  auth: 'check the API key or login the agent uses (agent.env, its HOME), then autoswe resume',
  bad_request:
    'check agent.options.model and the model proxy (proxy.base, ANTHROPIC_BASE_URL), then autoswe resume',
  no_session: "fix the agent's setup (agent.command, agent.env; autoswe preflight), then autoswe resume",
};

/** The one decision after a session: judge it, wait and retry the iteration, or pause for the operator. */
export function sessionAction(
  session: SessionRecord,
  retry: RetryState,
  options: PolicyOptions,
): SessionAction {
  const outcome = session.outcome;
  if (JUDGED_OUTCOMES.has(outcome)) return { kind: 'judge' };
  const why = session.reason ?? outcome;
  if (outcome === 'usage_limit') {
    const resets = session.resets_at === undefined ? Number.NaN : Date.parse(session.resets_at);
    const until = Number.isFinite(resets)
      ? Math.max(resets + options.jitterMs, options.now + LIMIT_MIN_WAIT_MS)
      : options.now + limitBackoffMs(retry.blindLimits);
    const window = /^usage limit \(([^)]*)\)/.exec(why)?.[1] ?? 'unknown window';
    const given = Number.isFinite(resets) ? '' : ', no reset time given';
    return {
      kind: 'wait',
      cause: 'usage_limit',
      until,
      reason: `usage limit (${window}${given}) until ${clockTime(until, options.now)}`,
      probe: false,
    };
  }
  if (outcome === 'api_error' || outcome === 'idle') {
    if (retry.apiErrors > options.retries) {
      return {
        kind: 'pause',
        reason: `${why}; still failing after ${options.retries} retries (limits.agent_retries): check the model API, then autoswe resume`,
      };
    }
    const until = options.now + apiBackoffMs(retry.apiErrors);
    return {
      kind: 'wait',
      cause: 'api_error',
      until,
      reason: `${why}; retry ${retry.apiErrors} of ${options.retries} at ${clockTime(until, options.now)}`,
      probe: true,
    };
  }
  return { kind: 'pause', reason: `${why}; ${FIX[outcome] ?? 'then autoswe resume'}` };
}

/** `17:00 UTC` (with the date when it is not today's). */
export function clockTime(ms: number, now: number = ms): string {
  const at = new Date(ms).toISOString();
  const day = at.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? '' : `${at.slice(0, 10)} `;
  return `${day}${at.slice(11, 16)} UTC`;
}
