import {
  type Infer,
  looseObject,
  nonNegativeInt,
  nullable,
  number,
  object,
  optional,
  picklist,
  string,
} from './decode.js';

/**
 * How an agent session ended (docs/LOOP.md, "How an agent session ends"). The first five are judged as
 * usual; the others are failures outside the code: the iteration is not judged.
 */
export const SESSION_OUTCOMES = [
  'ok',
  'max_turns',
  'max_budget',
  'agent_timeout',
  'hung_after_result',
  'error',
  'usage_limit',
  'api_error',
  'idle',
  'bad_request',
  'auth',
  'no_session',
] as const;
export type SessionOutcomeKind = (typeof SESSION_OUTCOMES)[number];

/** The outcomes after which the iteration is judged on what the agent left. */
export const JUDGED_OUTCOMES: ReadonlySet<SessionOutcomeKind> = new Set([
  'ok',
  'max_turns',
  'max_budget',
  'agent_timeout',
  'hung_after_result',
  'error',
]);

const tokens = object({
  input: nonNegativeInt,
  output: nonNegativeInt,
  cache_read: nonNegativeInt,
  cache_creation: nonNegativeInt,
});

/**
 * The `session` object of a VERDICTS line and of run.json's `last_session` (docs/RUNTIME.md sections 4
 * and 11): the outcome, the `result` event's figures (null when the session printed none), and why.
 */
export const sessionRecord = looseObject({
  outcome: picklist(SESSION_OUTCOMES),
  /** The `result` event's `subtype` (`success`, `error_max_turns`, …), null without one. */
  subtype: nullable(string),
  /** The `result` event's `terminal_reason` (`completed`, `hook_stopped`, `api_error`, …). */
  terminal_reason: optional(nullable(string)),
  turns: nullable(nonNegativeInt),
  tokens: nullable(tokens),
  cost_usd: nullable(number),
  /** The agent process, start to end, as the loop timed it. */
  duration_ms: nonNegativeInt,
  exit_code: optional(nullable(nonNegativeInt)),
  /** One line: why, for every outcome but `ok`. */
  reason: optional(string),
  /** When a usage limit lifts, as the stream said (ISO); absent when it did not say. */
  resets_at: optional(string),
});

export type SessionRecord = Infer<typeof sessionRecord>;
