import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeColors } from '../../src/render/colors.js';
import { renderTranscriptLine } from '../../src/render/transcript.js';
import { wrapText } from '../../src/render/wrap.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'transcripts');
const plain = makeColors(false);

function renderFile(name: string, width = 80): string[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .flatMap((line) => renderTranscriptLine(line, { colors: plain, width }));
}

describe('rendering Claude Code stream-json', () => {
  const out = renderFile('stream-json.jsonl');

  it('shows the session start with its id, model and tool count', () => {
    expect(renderFile('stream-json.jsonl', 200)[0]).toContain(
      '● session 5f0c2a9e-1d3b-4c55-9a7e-0b8f6c1d2e3f  model claude-sonnet-4-5  8 tools',
    );
  });

  it('wraps assistant text to the width', () => {
    const text = out.filter((line) => line.includes("I'll start") || line.includes('parity check'));
    expect(text.length).toBeGreaterThan(1);
    for (const line of out) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('shows a tool call as its name and the one argument that matters', () => {
    expect(out).toContainEqual(expect.stringMatching(/→ Read {2}\/work\/target\/src\/parser\.ts$/));
    expect(out).toContainEqual(expect.stringMatching(/→ Bash {2}npm test -- parser$/));
  });

  it('shortens tool results to a few lines and says how many were left out', () => {
    const start = out.findIndex((line) => line.includes('← '));
    expect(out.slice(start, start + 4).join('\n')).toMatch(/export function parse[\s\S]*\(\+2 more lines\)/);
  });

  it('marks a failed tool result as an error', () => {
    expect(out).toContainEqual(expect.stringContaining('✗ error: Tool call denied by autoswe: HARD PAUSED'));
  });

  it('ends with the result: turns, tokens, cost and duration', () => {
    const result = renderFile('stream-json.jsonl', 200)
      .filter((line) => line.includes('■'))
      .join(' ');
    expect(result).toContain('result success');
    expect(result).toContain('12 turns');
    expect(result).toContain('tokens 31,200 in (30,000 cached) / 4,100 out');
    expect(result).toContain('$0.4123');
  });

  it('has no time for stream events read from a file, and the read time when live', () => {
    const line = readFileSync(join(FIXTURES, 'stream-json.jsonl'), 'utf8').split('\n')[6] ?? '';
    expect(renderTranscriptLine(line, { colors: plain, width: 80 })[0]).toMatch(/^ {8} /);
    const live = renderTranscriptLine(line, {
      colors: plain,
      width: 80,
      readAt: new Date('2026-11-24T07:08:09Z'),
    });
    expect(live[0]).toMatch(/^07:08:09 /);
  });
});

describe('rendering an on-disk session transcript', () => {
  const out = renderFile('session.jsonl');

  it('uses each line’s own timestamp', () => {
    expect(out).toContainEqual(expect.stringMatching(/^05:10:04 → Grep {2}trimEnd$/));
  });

  it('shows the prompt, thinking, tool calls and results', () => {
    const text = out.join('\n');
    expect(text).toContain('» Fix the RED cells of module lexer.');
    expect(text).toContain('… The lexer drops trailing whitespace.');
    expect(text).toContain('← src/lexer.ts:14:  return text.trimEnd();');
    expect(text).toContain('→ Edit  /work/target/src/lexer.ts');
  });

  it('skips bookkeeping lines quietly and shows unknown lines as they are, never failing', () => {
    const text = out.join('\n');
    expect(text).not.toContain('queue-operation');
    expect(text).not.toContain('summary');
    // A kebab-case type is bookkeeping even when this version of autoswe has not heard of it.
    expect(text).not.toContain('some-future-line');
    for (const line of [
      '{"type":"last-prompt","lastPrompt":"go","sessionId":"s"}',
      '{"type":"api-request","requestId":"r","sessionId":"s"}',
      '{"type":"tools-used","tools":["Bash"],"sessionId":"s"}',
      '{"type":"cost-state","costUSD":0.1,"sessionId":"s"}',
      '{"type":"file-history-snapshot","messageId":"m","snapshot":{}}',
    ]) {
      expect(renderTranscriptLine(line, { colors: plain, width: 80 })).toEqual([]);
    }
    expect(renderTranscriptLine('{"type":"Odd Thing"}', { colors: plain, width: 80 })).toEqual([
      '         ? {"type":"Odd Thing"}',
    ]);
  });

  it('dims what it does not understand when colour is on', () => {
    const colors = makeColors(true);
    const [line] = renderTranscriptLine('not json {', { colors, width: 80 });
    expect(line).toBe(colors.dim('         ? not json {'));
  });
});

describe('errors and retries', () => {
  const render = (value: object, colors = plain) =>
    renderTranscriptLine(JSON.stringify(value), { colors, width: 200 }).join('\n');

  it('says an is_error result is an error, in red, with api_error_status and terminal_reason', () => {
    const value = {
      type: 'result',
      subtype: 'success',
      is_error: true,
      api_error_status: 529,
      terminal_reason: 'api_error',
      num_turns: 1,
      result: 'API Error: 529 {"type":"overloaded_error"}',
    };
    const text = render(value);
    expect(text).toContain('result success');
    expect(text).toContain('ERROR (api_error_status 529, terminal_reason api_error)');
    expect(text).toContain('API Error: 529');
    const colors = makeColors(true);
    expect(render(value, colors)).toContain(colors.red('■'));
    expect(render({ ...value, is_error: false }, colors)).toContain(colors.green('■'));
    expect(render({ ...value, is_error: false })).not.toContain('ERROR');
  });

  it('names an is_error result without status or reason plainly', () => {
    expect(render({ type: 'result', subtype: 'error_during_execution', is_error: true })).toContain(
      'result error_during_execution · ERROR',
    );
  });

  it('shows api_retry with attempt, delay and error (stream-json)', () => {
    const text = render({
      type: 'system',
      subtype: 'api_retry',
      attempt: 2,
      max_retries: 10,
      retry_delay_ms: 4200,
      error_status: null,
      error: 'unknown',
      session_id: 's',
    });
    expect(text).toMatch(/↻ api retry 2\/10 in 4\.2\s?s: unknown/);
  });

  it("shows the session JSONL's api_error retry lines the same way", () => {
    const text = render({
      type: 'system',
      subtype: 'api_error',
      level: 'error',
      error: { status: 503, message: 'upstream connect error' },
      retryInMs: 1000,
      retryAttempt: 1,
      maxRetries: 3,
      timestamp: '2026-11-24T05:10:00.000Z',
    });
    expect(text).toMatch(/05:10:00 ↻ api retry 1\/3 in 1\.0\s?s: 503 upstream connect error/);
  });

  it('shows other system lines as one dim notice', () => {
    expect(render({ type: 'system', subtype: 'compact_boundary' })).toContain('· system compact_boundary');
  });

  it('shows control characters from the agent visibly, never raw', () => {
    const text = render({
      type: 'assistant',
      message: { content: [{ type: 'text', text: 'clear \u001b[2J now' }] },
    });
    expect(text).toContain('\\x1b[2J');
    expect(text).not.toContain('\u001b');
  });
});

describe('wrapText', () => {
  it('keeps the text’s own line breaks and splits words longer than the width', () => {
    expect(wrapText('one two three\nfour', 10)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});
