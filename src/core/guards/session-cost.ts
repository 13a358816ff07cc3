import { appendCost, type CostLine } from '../runtime/costs.js';
import { linesBackward } from '../runtime/lines.js';
import type { Workspace } from '../runtime/workspace.js';
import { parseTranscriptLine } from '../transcripts/events.js';

/**
 * How far back from a transcript's end the result event is looked for: stderr lines, or a process that went
 * on printing after its result, may follow it. Bytes, not lines: one line may be huge.
 */
const RESULT_SCAN_BYTES = 8 * 1024 * 1024;

export interface SessionResult {
  readonly offset: number;
  readonly sessionId: string | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheCreationTokens: number;
  readonly costUsd: number;
  readonly turns: number | null;
}

/** The session's last `result` event, read from the transcript's end; null when it has none. */
export function sessionResult(transcript: string): SessionResult | null {
  let scanned = 0;
  for (const line of linesBackward(transcript)) {
    scanned += line.text.length + 1;
    if (scanned > RESULT_SCAN_BYTES) break;
    if (!line.text.startsWith('{') || !line.text.includes('"result"')) continue;
    const event = parseTranscriptLine(line.text).find((item) => item.kind === 'result');
    if (event?.kind !== 'result') continue;
    return {
      offset: line.offset,
      sessionId: sessionIdOf(line.text),
      inputTokens: tokens(event.usage?.input),
      outputTokens: tokens(event.usage?.output),
      cacheReadTokens: tokens(event.usage?.cacheRead),
      cacheCreationTokens: tokens(event.usage?.cacheCreation),
      costUsd: event.costUsd !== null && event.costUsd > 0 ? event.costUsd : 0,
      turns: event.turns !== null && Number.isInteger(event.turns) && event.turns >= 0 ? event.turns : null,
    };
  }
  return null;
}

function tokens(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function sessionIdOf(text: string): string | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'session_id' in value) {
      return typeof value.session_id === 'string' ? value.session_id : null;
    }
  } catch {
    // Checked by the caller already.
  }
  return null;
}

export interface SessionContext {
  readonly run: string;
  readonly epoch: number;
  readonly iter: number;
  readonly module: string;
  readonly transcript: string;
  readonly now?: Date;
}

/**
 * Records a finished session's spend in COSTS from its transcript's `result` event (one line per session,
 * never twice). Returns the line, or null when the session printed no result (nothing to count) or was
 * already recorded.
 */
export function recordSessionCost(workspace: Workspace, session: SessionContext): CostLine | null {
  const result = sessionResult(session.transcript);
  if (result === null) return null;
  const line: CostLine = {
    at: (session.now ?? new Date()).toISOString(),
    run: session.run,
    epoch: session.epoch,
    iter: session.iter,
    module: session.module,
    transcript: session.transcript,
    session_id: result.sessionId,
    result_offset: result.offset,
    input_tokens: result.inputTokens,
    output_tokens: result.outputTokens,
    cache_read_tokens: result.cacheReadTokens,
    cache_creation_tokens: result.cacheCreationTokens,
    cost_usd: result.costUsd,
    turns: result.turns,
  };
  return appendCost(workspace, line) ? line : null;
}
