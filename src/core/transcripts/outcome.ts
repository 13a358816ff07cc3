// Long because it is the whole of "how did this agent session end": the facts gathered line by line from
// Claude Code's stream-json, and the one table (classifySession) that turns them and the process's end into
// an outcome; both pure, table-tested against recorded transcripts (test/core/transcripts/outcome.test.ts).
import type { SessionOutcomeKind, SessionRecord } from '../runtime/session-record.js';

/** What the stream said that decides the outcome; filled by `SessionTracker`, one line at a time. */
export interface SessionFacts {
  /** `system/init` was seen: Claude Code started a session. */
  readonly init: boolean;
  readonly result: ResultFacts | null;
  /** The last `rate_limit_event` whose status was `rejected`. */
  readonly rejected: RateLimitFacts | null;
  /** The text of the last assistant message, and the `error` fields it carried. */
  readonly lastAssistant: AssistantFacts | null;
  readonly retries: {
    readonly count: number;
    readonly lastStatus: number | null;
    readonly lastError: string | null;
  };
  /** The last stderr lines (at most STDERR_TAIL_LINES). */
  readonly stderrTail: readonly string[];
}

export interface ResultFacts {
  readonly subtype: string | null;
  readonly isError: boolean;
  readonly terminalReason: string | null;
  readonly apiErrorStatus: number | null;
  /** `api_error`: `usage_limit_reached`, `connection_failed`, … */
  readonly apiError: string | null;
  readonly text: string | null;
  readonly turns: number | null;
  readonly tokens: SessionRecord['tokens'];
  readonly costUsd: number | null;
  readonly durationMs: number | null;
}

export interface RateLimitFacts {
  /** Epoch milliseconds (the stream gives seconds), null when not given. */
  readonly resetsAt: number | null;
  readonly type: string | null;
}

export interface AssistantFacts {
  readonly text: string | null;
  /** `authentication_failed`, `billing_error`, `rate_limit`, `invalid_request`, `server_error`, `unknown`. */
  readonly error: string | null;
  readonly apiErrorStatus: number | null;
}

/** How the process ended, as the loop saw it. */
export interface ProcessEnd {
  readonly exitCode: number | null;
  readonly exitSignal: string | null;
  readonly timedOut: boolean;
  readonly timeoutMs: number;
  /** The loop stopped it: no line for the idle timeout, or alive after `result` past the grace. */
  readonly stopped: 'idle' | 'hung_after_result' | null;
  readonly idleMs: number;
  readonly spawnError: string | null;
  readonly durationMs: number;
}

export const STDERR_TAIL_LINES = 8;

type Json = Record<string, unknown>;

/** Gathers the facts of one session from its output lines, as they come. Never throws. */
export class SessionTracker {
  #init = false;
  #result: ResultFacts | null = null;
  #rejected: RateLimitFacts | null = null;
  #lastAssistant: AssistantFacts | null = null;
  #retries = { count: 0, lastStatus: null as number | null, lastError: null as string | null };
  #stderr: string[] = [];

  /** Takes one line; returns true when it was the `result` event (the session's end). */
  line(stream: 'stdout' | 'stderr', text: string): boolean {
    if (stream === 'stderr') {
      if (text.trim() !== '') this.#stderr.push(text.trim());
      if (this.#stderr.length > STDERR_TAIL_LINES) this.#stderr.shift();
      return false;
    }
    // Tool results are the big lines and say nothing about the end (a quoted limit is not a limit).
    if (text.startsWith('{"type":"user"')) return false;
    const event = parseObject(text);
    if (event === undefined) return false;
    switch (event.type) {
      case 'system':
        if (event.subtype === 'init') this.#init = true;
        if (event.subtype === 'api_retry') {
          this.#retries = {
            count: this.#retries.count + 1,
            lastStatus: int(event.error_status),
            lastError: str(event.error),
          };
        }
        return false;
      case 'rate_limit_event': {
        const info = isObject(event.rate_limit_info) ? event.rate_limit_info : {};
        if (info.status === 'rejected') this.#rejected = rateLimitOf(info);
        return false;
      }
      case 'assistant':
        this.#lastAssistant = {
          text: assistantText(event.message) ?? this.#lastAssistant?.text ?? null,
          error: str(event.error),
          apiErrorStatus: int(event.api_error_status),
        };
        return false;
      case 'result':
        this.#result = resultOf(event);
        return true;
      default:
        return false;
    }
  }

  get resultSeen(): boolean {
    return this.#result !== null;
  }

  facts(): SessionFacts {
    return {
      init: this.#init,
      result: this.#result,
      rejected: this.#rejected,
      lastAssistant: this.#lastAssistant,
      retries: this.#retries,
      stderrTail: [...this.#stderr],
    };
  }
}

/** The facts of a whole transcript (its lines as written: stderr lines start with `[stderr] `). */
export function factsOfTranscript(lines: Iterable<string>): SessionFacts {
  const tracker = new SessionTracker();
  for (const line of lines) {
    if (line.startsWith('[stderr] ')) tracker.line('stderr', line.slice('[stderr] '.length));
    else tracker.line('stdout', line);
  }
  return tracker.facts();
}

/** Texts of a usage limit, as Claude Code words them in the result or its last message (never tool output). */
const LIMIT_TEXT =
  /\b(?:you(?:'|’)ve hit your (?:[\w-]+ )?limit|you(?:'|’)re out of (?:extra )?usage|usage limit (?:reached|exceeded)|\d+-hour limit reached|weekly limit reached)/i;
const AUTH_ERRORS = new Set([
  'authentication_failed',
  'billing_error',
  'oauth_org_not_allowed',
  'permission_denied',
]);
const TRANSIENT_ERRORS = new Set([
  'server_error',
  'rate_limit',
  'connection_failed',
  'overloaded',
  'timeout',
  'network_error',
]);

/**
 * The outcome of one Claude Code session from what its stream said and how its process ended, in this
 * order: could not start; a usage limit; an API error by kind; a session that never started; the timers;
 * the `result` event's own end. Usage-limit text counts only in the `result` or the last assistant text.
 */
export function classifySession(facts: SessionFacts, end: ProcessEnd): SessionRecord {
  const base = baseRecord(facts, end);
  const tail = stderrTail(facts);
  if (end.spawnError !== null) {
    return { ...base, outcome: 'no_session', reason: `${end.spawnError}; fix agent.command in autoswe.yaml` };
  }
  const result = facts.result;
  const failed = result === null || result.isError;
  const limitText = [result?.text, facts.lastAssistant?.text].find((text) => text && LIMIT_TEXT.test(text));
  if (
    failed &&
    (facts.rejected !== null || result?.apiError === 'usage_limit_reached' || limitText !== undefined)
  ) {
    const limit = facts.rejected;
    const kind = limit?.type ?? 'unknown window';
    const said = limitText ? `: ${oneLine(limitText)}` : '';
    const record: SessionRecord = { ...base, outcome: 'usage_limit', reason: `usage limit (${kind})${said}` };
    if (limit?.resetsAt != null) record.resets_at = new Date(limit.resetsAt).toISOString();
    return record;
  }
  const apiError = apiErrorOf(facts);
  if (apiError !== null) return { ...base, outcome: apiError.outcome, reason: apiError.reason };
  if (!facts.init && result === null) {
    const how = end.stopped === 'idle' ? `printed nothing for ${seconds(end.idleMs)}` : exitText(end);
    return { ...base, outcome: 'no_session', reason: `Claude Code ${how} before its session started${tail}` };
  }
  if (end.stopped === 'idle') {
    return { ...base, outcome: 'idle', reason: `no output for ${seconds(end.idleMs)}: killed` };
  }
  if (end.timedOut) {
    return { ...base, outcome: 'agent_timeout', reason: `timed out after ${seconds(end.timeoutMs)}` };
  }
  if (result === null) {
    // Ended without a result but not for any reason above (a crash, a kill from outside).
    const retried = facts.retries.count > 0 ? `after ${facts.retries.count} API retries ` : '';
    return {
      ...base,
      outcome: 'error',
      reason: `the session ended ${retried}without a result (${exitText(end)})${tail}`,
    };
  }
  if (result.subtype === 'error_max_turns')
    return { ...base, outcome: 'max_turns', reason: 'reached --max-turns' };
  if (result.subtype === 'error_max_budget_usd') {
    return { ...base, outcome: 'max_budget', reason: 'reached --max-budget-usd' };
  }
  if (end.stopped === 'hung_after_result') {
    return { ...base, outcome: 'hung_after_result', reason: 'still running after its result: killed' };
  }
  if (result.isError || (result.subtype !== null && result.subtype !== 'success')) {
    const what = result.text ? oneLine(result.text) : (result.subtype ?? 'is_error');
    return { ...base, outcome: 'error', reason: `the session ended in an error: ${what}` };
  }
  return { ...base, outcome: 'ok' };
}

/** An API failure the stream reports: in the `result`, the last assistant message, or exhausted retries. */
function apiErrorOf(facts: SessionFacts): { outcome: SessionOutcomeKind; reason: string } | null {
  const result = facts.result;
  if (result !== null && !result.isError) return null;
  const status = result?.apiErrorStatus ?? facts.lastAssistant?.apiErrorStatus ?? null;
  const error = facts.lastAssistant?.error ?? null;
  const apiError = result?.apiError ?? null;
  const text = oneLine(result?.text || facts.lastAssistant?.text || '');
  const said = text === '' ? '' : `: ${text}`;
  const isApiEnd = result?.terminalReason === 'api_error' || error !== null || status !== null;
  if (!isApiEnd && !(result === null && facts.retries.count > 0)) return null;
  if (status === 401 || status === 403 || (error !== null && AUTH_ERRORS.has(error))) {
    return { outcome: 'auth', reason: `the model API refused the credentials (${status ?? error})${said}` };
  }
  if (
    status === 429 ||
    (status !== null && status >= 500) ||
    (error !== null && TRANSIENT_ERRORS.has(error)) ||
    (apiError !== null && TRANSIENT_ERRORS.has(apiError)) ||
    (status === null && result === null && facts.retries.count > 0)
  ) {
    const code = status ?? apiError ?? error ?? facts.retries.lastError ?? 'no answer';
    return { outcome: 'api_error', reason: `model API error (${code})${said}` };
  }
  if (status !== null && status >= 400) {
    return { outcome: 'bad_request', reason: `the model API rejected the request (${status})${said}` };
  }
  return null;
}

function baseRecord(facts: SessionFacts, end: ProcessEnd): SessionRecord {
  const result = facts.result;
  const record: SessionRecord = {
    outcome: 'ok',
    subtype: result?.subtype ?? null,
    turns: result?.turns ?? null,
    tokens: result?.tokens ?? null,
    cost_usd: result?.costUsd ?? null,
    duration_ms: Math.max(0, Math.round(end.durationMs)),
    exit_code: end.exitCode !== null && end.exitCode >= 0 ? end.exitCode : null,
  };
  if (result?.terminalReason) record.terminal_reason = result.terminalReason;
  return record;
}

/**
 * A `command` agent: its exit and the timers only (its output is its own business), unless
 * `agent.outcome_command` said more. The figures still come from a `result` event if it printed one.
 */
export function classifyCommandSession(facts: SessionFacts, end: ProcessEnd): SessionRecord {
  const base = baseRecord(facts, end);
  if (end.spawnError !== null) {
    return { ...base, outcome: 'no_session', reason: `${end.spawnError}; fix agent.command in autoswe.yaml` };
  }
  if (end.stopped === 'idle')
    return { ...base, outcome: 'idle', reason: `no output for ${seconds(end.idleMs)}: killed` };
  if (end.timedOut)
    return { ...base, outcome: 'agent_timeout', reason: `timed out after ${seconds(end.timeoutMs)}` };
  if (end.exitCode === 0) return { ...base, outcome: 'ok' };
  return { ...base, outcome: 'error', reason: `the agent ${exitText(end)}${stderrTail(facts)}` };
}

/** The figures of the session for the record; the usage as `tokens`. */
function resultOf(event: Json): ResultFacts {
  const usage = isObject(event.usage) ? event.usage : null;
  return {
    subtype: str(event.subtype),
    isError: event.is_error === true,
    terminalReason: str(event.terminal_reason),
    apiErrorStatus: int(event.api_error_status),
    apiError: str(event.api_error),
    text: str(event.result),
    turns: count(event.num_turns),
    tokens:
      usage === null
        ? null
        : {
            input: count(usage.input_tokens) ?? 0,
            output: count(usage.output_tokens) ?? 0,
            cache_read: count(usage.cache_read_input_tokens) ?? 0,
            cache_creation: count(usage.cache_creation_input_tokens) ?? 0,
          },
    costUsd:
      typeof event.total_cost_usd === 'number' && Number.isFinite(event.total_cost_usd)
        ? event.total_cost_usd
        : null,
    durationMs: count(event.duration_ms),
  };
}

function rateLimitOf(info: Json): RateLimitFacts {
  // `resetsAt` is epoch seconds; a value already in milliseconds (> year 33658 in seconds) is taken as is.
  const raw = typeof info.resetsAt === 'number' && Number.isFinite(info.resetsAt) ? info.resetsAt : null;
  return {
    resetsAt: raw === null || raw <= 0 ? null : raw > 1e12 ? raw : raw * 1000,
    type: str(info.rateLimitType),
  };
}

function assistantText(message: unknown): string | null {
  if (!isObject(message)) return null;
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const texts = content
    .filter(
      (block): block is Json => isObject(block) && block.type === 'text' && typeof block.text === 'string',
    )
    .map((block) => String(block.text));
  return texts.length > 0 ? texts.join('\n') : null;
}

function stderrTail(facts: SessionFacts): string {
  const tail = facts.stderrTail.filter((line) => !/^Warning: no stdin data received/.test(line));
  return tail.length === 0 ? '' : `: ${oneLine(tail.slice(-3).join(' | '))}`;
}

function exitText(end: ProcessEnd): string {
  if (end.exitSignal !== null) return `was killed by ${end.exitSignal}`;
  return `exited ${end.exitCode ?? '?'}`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

function seconds(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${(ms / 1000).toFixed(1)} s`;
}

function parseObject(line: string): Json | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}
