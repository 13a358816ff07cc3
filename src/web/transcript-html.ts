import { parseTranscriptLine, type TranscriptEvent } from '../core/transcripts/events.js';
import { formatTokens, resultError, retrySummary } from '../render/transcript.js';
import { html, type SafeHtml } from './html.js';

/** How many lines of a tool result are shown; the rest is folded away (`<details>`). */
const RESULT_LINES = 3;

function time(at: string | null): string {
  if (at === null) return '';
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(11, 19);
}

function row(kind: string, at: string | null, mark: string, body: SafeHtml | string): SafeHtml {
  return html`<div class="t t-${kind}"><span class="t-time">${time(at)}</span><span class="t-mark">${mark}</span><span class="t-body">${body}</span></div>`;
}

function folded(text: string): SafeHtml {
  const lines = text.replace(/\s+$/, '').split('\n');
  if (lines.length <= RESULT_LINES) return html`${text.replace(/\s+$/, '') || '(empty)'}`;
  return html`${lines.slice(0, RESULT_LINES).join('\n')}<details><summary>+${lines.length - RESULT_LINES} more lines</summary>${lines.slice(RESULT_LINES).join('\n')}</details>`;
}

/**
 * One transcript event as HTML, as `watch-agent` shows it (src/render/transcript.ts): the same marks and
 * summaries, every text escaped; bookkeeping lines are skipped.
 */
export function eventHtml(event: TranscriptEvent): SafeHtml {
  switch (event.kind) {
    case 'session':
      return row(
        'session',
        event.at,
        '●',
        [
          event.sessionId ? `session ${event.sessionId}` : 'session',
          event.model ? `model ${event.model}` : '',
        ]
          .filter(Boolean)
          .join('  '),
      );
    case 'text':
      return row(
        event.role === 'assistant' ? 'assistant' : 'user',
        event.at,
        event.role === 'assistant' ? ' ' : '»',
        event.text.trim(),
      );
    case 'thinking':
      return row('thinking', event.at, '…', event.text.trim());
    case 'tool-use':
      return row('tool', event.at, '→', html`<b>${event.name}</b>  ${event.argument ?? ''}`);
    case 'tool-result':
      return event.isError
        ? row('error', event.at, '✗', html`error: ${folded(event.text)}`)
        : row('result', event.at, '←', folded(event.text));
    case 'result': {
      const parts = [`result ${event.subtype}`];
      if (event.isError) parts.push(resultError(event));
      if (event.turns !== null) parts.push(`${event.turns} turns`);
      if (event.usage !== null) parts.push(formatTokens(event.usage));
      if (event.costUsd !== null) parts.push(`$${event.costUsd.toFixed(4)}`);
      if (event.isError && event.text) parts.push(event.text.trim().split('\n')[0] ?? '');
      return row(event.isError ? 'end-error' : 'end', event.at, '■', parts.join(' · '));
    }
    case 'retry':
      return row('retry', event.at, '↻', retrySummary(event));
    case 'notice':
      return row('notice', event.at, '·', event.type);
    case 'bookkeeping':
      return html``;
    case 'unknown':
      return row('unknown', null, '?', event.line);
  }
}

export function linesHtml(lines: readonly string[]): SafeHtml {
  return html`${lines.flatMap((line) => (line.trim() === '' ? [] : parseTranscriptLine(line).map(eventHtml)))}`;
}
