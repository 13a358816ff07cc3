import { terminalLine, terminalText } from '../base/terminal-text.js';
import { parseTranscriptLine, type TokenUsage, type TranscriptEvent } from '../core/transcripts/events.js';
import type { Colors } from './colors.js';
import { formatDuration } from './time.js';
import { wrapText } from './wrap.js';

export interface TranscriptRenderOptions {
  readonly colors: Colors;
  /** Terminal width; text is wrapped to it. */
  readonly width: number;
  /** Time shown for events that carry none (stream-json lines): when the line was read, if live. */
  readonly readAt?: Date | undefined;
}

/** An event with every text from the agent made terminal-safe (src/base/terminal-text.ts). */
export function safeEvent(event: TranscriptEvent): TranscriptEvent {
  switch (event.kind) {
    case 'text':
    case 'thinking':
    case 'tool-result':
      return { ...event, text: terminalText(event.text) };
    case 'tool-use':
      return {
        ...event,
        name: terminalLine(event.name, 200),
        argument: event.argument === null ? null : terminalLine(event.argument),
      };
    case 'retry':
      return { ...event, error: event.error === null ? null : terminalLine(event.error, 500) };
    case 'result':
      return {
        ...event,
        subtype: terminalLine(event.subtype, 200),
        terminalReason: event.terminalReason === null ? null : terminalLine(event.terminalReason, 200),
      };
    case 'session':
      return {
        ...event,
        sessionId: event.sessionId === null ? null : terminalLine(event.sessionId, 200),
        model: event.model === null ? null : terminalLine(event.model, 200),
      };
    case 'notice':
    case 'bookkeeping':
      return { ...event, type: terminalLine(event.type, 200) };
    case 'unknown':
      return { ...event, line: terminalLine(event.line) };
  }
}

/** How many lines of a tool result are shown before it is cut. */
const RESULT_LINES = 3;
const TIME_WIDTH = 8;
const GUTTER = ' '.repeat(TIME_WIDTH + 3);

/** One transcript line rendered for the terminal (possibly several screen lines; none for an empty event list). */
export function renderTranscriptLine(line: string, options: TranscriptRenderOptions): string[] {
  if (line.trim() === '') return [];
  return parseTranscriptLine(line).flatMap((event) => renderTranscriptEvent(event, options));
}

/**
 * One event as terminal lines; a bookkeeping line renders as none (skipped quietly, `--raw` shows it).
 * Agent text is made terminal-safe first; our colours come after.
 */
export function renderTranscriptEvent(raw: TranscriptEvent, options: TranscriptRenderOptions): string[] {
  const { colors } = options;
  const event = safeEvent(raw);
  if (event.kind === 'unknown')
    return [colors.dim(clip(`${timeOf(null, options)} ? ${terminalLine(event.line, 2000)}`, options.width))];
  const time = colors.dim(timeOf(event.at, options));
  // Everything in a transcript is the agent's or a tool's text: control characters shown visibly, cut.
  const body = (mark: string, text: string, paint: (s: string) => string = (s) => s) =>
    wrapText(terminalText(text, 20_000), options.width - GUTTER.length).map(
      (piece, index) => `${index === 0 ? `${time} ${mark} ` : GUTTER}${paint(piece)}`,
    );
  switch (event.kind) {
    case 'session': {
      const details = [
        event.sessionId ? `session ${event.sessionId}` : 'session',
        event.model ? `model ${event.model}` : null,
        event.tools !== null ? `${event.tools} tools` : null,
      ].filter((part) => part !== null);
      return body(colors.cyan('●'), details.join('  '), colors.cyan);
    }
    case 'text':
      return event.role === 'assistant'
        ? body(' ', event.text.trim())
        : body(colors.magenta('»'), event.text.trim(), colors.magenta);
    case 'thinking':
      return body(colors.dim('…'), firstLines(event.text, 2), colors.dim);
    case 'tool-use': {
      const argument =
        event.argument === null
          ? ''
          : clip(
              `  ${terminalLine(oneLine(event.argument), 2000)}`,
              options.width - GUTTER.length - event.name.length,
            );
      return [`${time} ${colors.blue('→')} ${colors.bold(terminalLine(event.name, 80))}${argument}`];
    }
    case 'tool-result':
      return event.isError
        ? body(colors.red('✗'), `error: ${shorten(event.text)}`, colors.red)
        : body(colors.dim('←'), shorten(event.text), colors.dim);
    case 'result':
      return body(event.isError ? colors.red('■') : colors.green('■'), resultSummary(event), (s) =>
        event.isError ? colors.red(s) : colors.green(s),
      );
    case 'retry':
      return body(colors.yellow('↻'), retrySummary(event), colors.yellow);
    case 'notice':
      return [colors.dim(`${timeOf(event.at, options)} · ${terminalLine(event.type, 80)}`)];
    case 'bookkeeping':
      return [];
  }
}

/** `api retry 3/10 in 4.2 s: 529 overloaded_error`: which try, how long it waits, and why. */
export function retrySummary(event: Extract<TranscriptEvent, { kind: 'retry' }>): string {
  const attempt =
    event.attempt === null
      ? ''
      : ` ${event.attempt}${event.maxRetries === null ? '' : `/${event.maxRetries}`}`;
  const delay =
    event.delayMs === null
      ? ''
      : ` in ${event.delayMs < 10_000 ? `${(event.delayMs / 1000).toFixed(1)}s` : formatDuration(event.delayMs)}`;
  const why = [event.status === null ? null : String(event.status), event.error].filter(
    (part) => part !== null,
  );
  return `api retry${attempt}${delay}: ${why.length === 0 ? 'no error given' : why.join(' ')}`;
}

/** What ended a failed session, said as Claude Code said it: `api_error_status 529`, `terminal_reason …`. */
export function resultError(event: Extract<TranscriptEvent, { kind: 'result' }>): string {
  const why = [
    event.apiErrorStatus === null ? null : `api_error_status ${event.apiErrorStatus}`,
    event.terminalReason === null ? null : `terminal_reason ${event.terminalReason}`,
  ].filter((part) => part !== null);
  return `ERROR${why.length === 0 ? '' : ` (${why.join(', ')})`}`;
}

function resultSummary(event: Extract<TranscriptEvent, { kind: 'result' }>): string {
  const parts = [`result ${event.subtype}`];
  if (event.isError) parts.push(resultError(event));
  if (event.turns !== null) parts.push(`${event.turns} turns`);
  if (event.usage !== null) parts.push(formatTokens(event.usage));
  if (event.costUsd !== null) parts.push(`$${event.costUsd.toFixed(4)}`);
  if (event.durationMs !== null) parts.push(formatDuration(event.durationMs));
  // A failed session's own words (`API Error: 529 …`, `You've hit your limit …`) say the most.
  if (event.isError && event.text !== null && event.text.trim() !== '')
    parts.push(terminalLine(event.text.trim().split('\n')[0] ?? '', 300));
  return parts.join(' · ');
}

export function formatTokens(usage: TokenUsage): string {
  const input = usage.input + usage.cacheRead + usage.cacheCreation;
  const cached = usage.cacheRead > 0 ? ` (${formatCount(usage.cacheRead)} cached)` : '';
  return `tokens ${formatCount(input)} in${cached} / ${formatCount(usage.output)} out`;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

function timeOf(at: string | null, options: TranscriptRenderOptions): string {
  const time = at === null ? options.readAt : new Date(at);
  if (time === undefined || Number.isNaN(time.getTime())) return ' '.repeat(TIME_WIDTH);
  return time.toISOString().slice(11, 19);
}

/** The first lines of a tool result, with how many more there were. */
function shorten(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  const shown = lines
    .slice(0, RESULT_LINES)
    .map((line) => (line.length > 200 ? `${line.slice(0, 199)}…` : line));
  const more = lines.length - shown.length;
  if (shown.length === 0 || (shown.length === 1 && shown[0] === '')) return '(empty)';
  return more > 0 ? `${shown.join('\n')}\n(+${more} more lines)` : shown.join('\n');
}

function firstLines(text: string, count: number): string {
  const lines = text.trim().split('\n');
  return lines.length > count ? `${lines.slice(0, count).join('\n')} …` : lines.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ⏎ ');
}

/** Cuts plain text to `width` columns, marking the cut. */
function clip(text: string, width: number): string {
  if (text.length <= width) return text;
  return `${text.slice(0, Math.max(1, width - 1))}…`;
}
