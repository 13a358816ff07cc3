import { describe, expect, it } from 'vitest';
import type { VerdictEntry } from '../../src/core/runtime/verdicts.js';
import { makeColors } from '../../src/render/colors.js';
import { renderVerdictLine, renderVerdictLines } from '../../src/render/verdicts.js';

const plain = makeColors(false);
const now = new Date('2026-11-24T06:42:30.000Z');
const REASON = '2 cell(s) RED→GREEN (calc/div, calc/mixed), no regressions';

function entry(at: string): VerdictEntry {
  return {
    kind: 'verdict',
    offset: 0,
    verdict: {
      at,
      epoch: 0,
      iter: 5,
      module: 'calc',
      verdict: 'ACCEPT',
      green_before: 9,
      green_after: 11,
      reason: REASON,
    },
  } as VerdictEntry;
}

describe('renderVerdictLine', () => {
  it('full form: date, time and age before the position, module, verdict and reason', () => {
    const line = renderVerdictLine(entry('2026-11-24T06:19:01.000Z'), plain, now);
    expect(line).toBe(`2026-11-24 06:19:01 (23m 29s ago)  e0/i5    calc           ACCEPT 9→11  ${REASON}`);
  });

  it('compact form keeps the reason within 80 columns: time of day only, narrower columns', () => {
    const line = renderVerdictLine(entry('2026-11-24T06:19:01.000Z'), plain, now, { compact: true });
    expect(line).toBe(`06:19:01  e0/i5   calc       ACCEPT 9→11  ${REASON}`);
    expect(line.indexOf(REASON)).toBeLessThan(45);
  });

  it('compact form names the day of a verdict from another day', () => {
    const line = renderVerdictLine(entry('2026-11-23T22:10:05.000Z'), plain, now, { compact: true });
    expect(line.startsWith('11-23 22:10  e0/i5')).toBe(true);
  });

  it('compact form of another event of the log keeps its type and fields', () => {
    const raw: VerdictEntry = {
      kind: 'raw',
      offset: 0,
      text: JSON.stringify({
        type: 'flip',
        at: '2026-11-24T06:00:00.000Z',
        module: 'calc',
        epoch: 1,
        iter: 2,
        cell: 'calc/mul',
      }),
    } as VerdictEntry;
    expect(renderVerdictLine(raw, plain, now, { compact: true })).toBe(
      '06:00:00  e1/i2   calc       FLIP  cell=calc/mul',
    );
  });
});

describe('renderVerdictLines', () => {
  const at = '2026-11-24T06:19:01.000Z';

  it('keeps a verdict that fits on one line', () => {
    expect(renderVerdictLines(entry(at), plain, now, 120, { compact: true })).toEqual([
      `06:19:01  e0/i5   calc       ACCEPT 9→11  ${REASON}`,
    ]);
  });

  it('wraps a long reason under itself within the width, losing no word', () => {
    const lines = renderVerdictLines(entry(at), plain, now, 80, { compact: true });
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const indent = lines[0]?.indexOf('2 cell(s)') ?? -1;
    for (const line of lines.slice(1)) expect(line.slice(0, indent).trim()).toBe('');
    expect(lines.map((line, index) => (index === 0 ? line.slice(indent) : line.trim())).join(' ')).toBe(
      REASON,
    );
  });

  it('measures the head without colour codes', () => {
    const colored = makeColors(true);
    const lines = renderVerdictLines(entry(at), colored, now, 80, { compact: true });
    const plainLines = renderVerdictLines(entry(at), plain, now, 80, { compact: true });
    expect(lines.length).toBe(plainLines.length);
    expect(lines[1]).toBe(plainLines[1]);
    expect(plainLines[0]?.indexOf('2 cell(s)')).toBe('06:19:01  e0/i5   calc       ACCEPT 9→11  '.length);
  });
});
