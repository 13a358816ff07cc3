/**
 * Parses one line of a Claude Code transcript into events an operator cares about. Both shapes are
 * understood (docs/RUNTIME.md section 9): the headless stream-json events and the on-disk session JSONL, whose
 * lines carry the same `message` plus `timestamp`, `uuid` and bookkeeping lines. Anything else is `unknown`.
 */

export interface TokenUsage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheCreation: number;
}

export type TranscriptEvent =
  | {
      readonly kind: 'session';
      readonly at: string | null;
      readonly sessionId: string | null;
      /** The folder the session runs in: with the session id, where Claude Code keeps its own JSONL. */
      readonly cwd: string | null;
      readonly model: string | null;
      readonly tools: number | null;
    }
  | {
      readonly kind: 'text';
      readonly at: string | null;
      readonly role: 'assistant' | 'user';
      readonly text: string;
    }
  | { readonly kind: 'thinking'; readonly at: string | null; readonly text: string }
  | {
      readonly kind: 'tool-use';
      readonly at: string | null;
      readonly name: string;
      readonly argument: string | null;
    }
  | {
      readonly kind: 'tool-result';
      readonly at: string | null;
      readonly text: string;
      readonly isError: boolean;
    }
  | {
      readonly kind: 'result';
      readonly at: string | null;
      readonly subtype: string;
      readonly isError: boolean;
      readonly turns: number | null;
      readonly usage: TokenUsage | null;
      readonly costUsd: number | null;
      readonly durationMs: number | null;
      readonly text: string | null;
      /** Why the session's loop ended (`api_error`, `hook_stopped`, `max_turns`, …), when said. */
      readonly terminalReason: string | null;
      /** The HTTP status of the API error that ended it (Claude Code 2.1.110 and later). */
      readonly apiErrorStatus: number | null;
    }
  /**
   * Claude Code retrying an API request by itself: stream-json `system`/`api_retry` (attempt, max_retries,
   * retry_delay_ms, error_status, error), or the session JSONL's `system`/`api_error` (retryAttempt,
   * maxRetries, retryInMs, error).
   */
  | {
      readonly kind: 'retry';
      readonly at: string | null;
      readonly attempt: number | null;
      readonly maxRetries: number | null;
      readonly delayMs: number | null;
      readonly status: number | null;
      readonly error: string | null;
    }
  /** A `system` line worth a glance (compaction, hook runs, status): shown dimmed, one line. */
  | { readonly kind: 'notice'; readonly at: string | null; readonly type: string }
  /**
   * A session-JSONL line that only Claude Code itself needs (queue operations, api-request, last-prompt,
   * tools-used, cost-state, snapshots, titles, …): readers skip it quietly; `watch-agent --raw` shows it.
   */
  | { readonly kind: 'bookkeeping'; readonly at: string | null; readonly type: string }
  | { readonly kind: 'unknown'; readonly line: string };

type Json = Record<string, unknown>;

/**
 * Session-JSONL types that are not messages (Claude Code 2.1.330 names about forty, all but a few in
 * kebab case, and adds more): these, and every other kebab-case type, are bookkeeping.
 */
const BOOKKEEPING = new Set(['summary', 'tag', 'mode', 'progress', 'attachment']);
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)+$/;

export function isBookkeepingType(type: string): boolean {
  return BOOKKEEPING.has(type) || KEBAB.test(type);
}

/** The events of one transcript line; never throws. */
export function parseTranscriptLine(line: string): TranscriptEvent[] {
  const value = parseObject(line);
  if (value === undefined) return [{ kind: 'unknown', line }];
  const at = typeof value.timestamp === 'string' ? value.timestamp : null;
  const type = value.type;
  if (type === 'system' && value.subtype === 'init') {
    return [
      {
        kind: 'session',
        at,
        sessionId: stringOrNull(value.session_id),
        cwd: stringOrNull(value.cwd),
        model: stringOrNull(value.model),
        tools: Array.isArray(value.tools) ? value.tools.length : null,
      },
    ];
  }
  if (type === 'assistant' || type === 'user') {
    const events = messageEvents(value.message, type, at);
    if (events !== undefined) return events;
    return [{ kind: 'unknown', line }];
  }
  if (type === 'result') return [resultEvent(value, at)];
  if (type === 'system' && (value.subtype === 'api_retry' || value.subtype === 'api_error')) {
    return [retryEvent(value, at)];
  }
  if (type === 'system') {
    const subtype = typeof value.subtype === 'string' ? ` ${value.subtype}` : '';
    return [{ kind: 'notice', at, type: `system${subtype}` }];
  }
  if (typeof type === 'string' && isBookkeepingType(type)) return [{ kind: 'bookkeeping', at, type }];
  return [{ kind: 'unknown', line }];
}

function parseObject(line: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch {
    // Not JSON: the caller shows the line as unknown.
  }
  return undefined;
}

function messageEvents(
  message: unknown,
  role: 'assistant' | 'user',
  at: string | null,
): TranscriptEvent[] | undefined {
  if (message === null || typeof message !== 'object') return undefined;
  const content = (message as Json).content;
  if (typeof content === 'string') return [{ kind: 'text', at, role, text: content }];
  if (!Array.isArray(content)) return undefined;
  const events: TranscriptEvent[] = [];
  for (const block of content) {
    const event = blockEvent(block, role, at);
    if (event !== undefined) events.push(event);
  }
  return events;
}

function blockEvent(
  block: unknown,
  role: 'assistant' | 'user',
  at: string | null,
): TranscriptEvent | undefined {
  if (block === null || typeof block !== 'object') return undefined;
  const item = block as Json;
  switch (item.type) {
    case 'text':
      return typeof item.text === 'string' ? { kind: 'text', at, role, text: item.text } : undefined;
    case 'thinking':
      return typeof item.thinking === 'string' ? { kind: 'thinking', at, text: item.thinking } : undefined;
    case 'tool_use':
      return {
        kind: 'tool-use',
        at,
        name: typeof item.name === 'string' ? item.name : '?',
        argument: keyArgument(String(item.name), item.input),
      };
    case 'tool_result':
      return { kind: 'tool-result', at, text: resultText(item.content), isError: item.is_error === true };
    default:
      return undefined;
  }
}

/** Per tool, the one input that says what the call does. */
const KEY_INPUT: Record<string, readonly string[]> = {
  Bash: ['command'],
  Read: ['file_path'],
  Write: ['file_path'],
  Edit: ['file_path'],
  MultiEdit: ['file_path'],
  NotebookEdit: ['notebook_path'],
  Glob: ['pattern'],
  Grep: ['pattern'],
  WebFetch: ['url'],
  WebSearch: ['query'],
  Task: ['description', 'prompt'],
  Agent: ['description', 'prompt'],
  Skill: ['skill', 'command'],
};

/** The argument that matters: the known key for the tool, else the first short string input. */
export function keyArgument(name: string, input: unknown): string | null {
  if (input === null || typeof input !== 'object') return null;
  const fields = input as Json;
  for (const key of KEY_INPUT[name] ?? []) {
    if (typeof fields[key] === 'string') return fields[key];
  }
  if (name === 'TodoWrite' && Array.isArray(fields.todos)) return `${fields.todos.length} todos`;
  for (const value of Object.values(fields)) if (typeof value === 'string') return value;
  return null;
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined ? '' : JSON.stringify(content);
  return content
    .map((part) => {
      if (part !== null && typeof part === 'object') {
        const item = part as Json;
        if (typeof item.text === 'string') return item.text;
        if (item.type === 'image') return '[image]';
      }
      return JSON.stringify(part);
    })
    .join('\n');
}

function resultEvent(value: Json, at: string | null): TranscriptEvent {
  return {
    kind: 'result',
    at,
    subtype: typeof value.subtype === 'string' ? value.subtype : 'unknown',
    isError: value.is_error === true,
    turns: numberOrNull(value.num_turns),
    usage: usageOf(value.usage),
    costUsd: numberOrNull(value.total_cost_usd),
    durationMs: numberOrNull(value.duration_ms),
    text: stringOrNull(value.result),
    terminalReason: stringOrNull(value.terminal_reason),
    apiErrorStatus: numberOrNull(value.api_error_status),
  };
}

function retryEvent(value: Json, at: string | null): TranscriptEvent {
  const stream = value.subtype === 'api_retry';
  return {
    kind: 'retry',
    at,
    attempt: numberOrNull(stream ? value.attempt : value.retryAttempt),
    maxRetries: numberOrNull(stream ? value.max_retries : value.maxRetries),
    delayMs: numberOrNull(stream ? value.retry_delay_ms : value.retryInMs),
    status: numberOrNull(stream ? value.error_status : statusOf(value.error)),
    error: errorText(value.error),
  };
}

/** An error as one short string: a string as it is, an object by its message or type. */
function errorText(error: unknown): string | null {
  if (typeof error === 'string') return error;
  if (error === null || typeof error !== 'object') return null;
  const item = error as Json;
  const inner = item.error !== null && typeof item.error === 'object' ? (item.error as Json) : undefined;
  for (const candidate of [item.message, inner?.message, inner?.type, item.type, item.name]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return JSON.stringify(error);
}

function statusOf(error: unknown): unknown {
  return error !== null && typeof error === 'object' ? (error as Json).status : undefined;
}

function usageOf(value: unknown): TokenUsage | null {
  if (value === null || typeof value !== 'object') return null;
  const usage = value as Json;
  return {
    input: numberOrNull(usage.input_tokens) ?? 0,
    output: numberOrNull(usage.output_tokens) ?? 0,
    cacheRead: numberOrNull(usage.cache_read_input_tokens) ?? 0,
    cacheCreation: numberOrNull(usage.cache_creation_input_tokens) ?? 0,
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
