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
      /** `completed`, `hook_stopped` (a hook ended the turn: the hard pause), `api_error`, `max_turns`, … */
      readonly terminalReason: string | null;
    }
  /** A line understood but of no interest to read (queue operations, summaries, snapshots). */
  | { readonly kind: 'bookkeeping'; readonly at: string | null; readonly type: string }
  | { readonly kind: 'unknown'; readonly line: string };

type Json = Record<string, unknown>;

const BOOKKEEPING = new Set(['queue-operation', 'summary', 'file-history-snapshot', 'system', 'attachment']);

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
  if (typeof type === 'string' && BOOKKEEPING.has(type)) {
    const subtype = typeof value.subtype === 'string' ? ` ${value.subtype}` : '';
    return [{ kind: 'bookkeeping', at, type: `${type}${subtype}` }];
  }
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
  };
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
