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

  it('shows bookkeeping lines briefly and unknown lines as they are, never failing', () => {
    const text = out.join('\n');
    expect(text).toContain('· queue-operation');
    expect(text).toContain('· summary');
    expect(text).toContain('? {"type":"some-future-line","foo":1}');
  });

  it('dims what it does not understand when colour is on', () => {
    const colors = makeColors(true);
    const [line] = renderTranscriptLine('not json {', { colors, width: 80 });
    expect(line).toBe(colors.dim('         ? not json {'));
  });
});

describe('wrapText', () => {
  it('keeps the text’s own line breaks and splits words longer than the width', () => {
    expect(wrapText('one two three\nfour', 10)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});
