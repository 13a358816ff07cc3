import { describe, expect, it } from 'vitest';
import { makeColors } from '../../../src/render/colors.js';
import { type TranscriptCache, transcriptLines } from '../../../src/tui/views/panels.js';

const line = (text: string) =>
  JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text }] } });

describe('transcriptLines with its cache', () => {
  it('gives what a fresh rendering gives, after appends, a narrower terminal and other colours', () => {
    const cache: TranscriptCache = { width: 0, colors: null, lines: new Map() };
    const plain = makeColors(false);
    const raw = [line('first'), line('a longer second line that wraps at forty columns or so'), 'not json'];
    expect(transcriptLines('/t.jsonl', raw, plain, 80, cache)).toEqual(
      transcriptLines('/t.jsonl', raw, plain, 80),
    );
    const more = [...raw, line('third')];
    expect(transcriptLines('/t.jsonl', more, plain, 80, cache)).toEqual(
      transcriptLines('/t.jsonl', more, plain, 80),
    );
    expect(cache.lines.size).toBe(4);
    expect(transcriptLines('/t.jsonl', more, plain, 40, cache)).toEqual(
      transcriptLines('/t.jsonl', more, plain, 40),
    );
    const colored = makeColors(true);
    expect(transcriptLines('/t.jsonl', more, colored, 40, cache)).toEqual(
      transcriptLines('/t.jsonl', more, colored, 40),
    );
    // Only the lines still shown are kept.
    expect(transcriptLines('/t.jsonl', more.slice(2), colored, 40, cache)).toEqual(
      transcriptLines('/t.jsonl', more.slice(2), colored, 40),
    );
    expect(cache.lines.size).toBe(2);
  });
});
