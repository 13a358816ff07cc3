import { describe, expect, it } from 'vitest';
import type { EventEntry } from '../../src/core/runtime/events.js';
import { makeColors } from '../../src/render/colors.js';
import { renderEvents } from '../../src/render/events.js';

const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);

describe('renderEvents', () => {
  it('shows every field taken from EVENTS with its control characters made visible', () => {
    const entries: EventEntry[] = [
      {
        kind: 'event',
        offset: 0,
        event: {
          id: 'ev-1',
          at: `2026-12-02T10:00${ESC}]0;x${BEL}`,
          type: `paused${ESC}[2J`,
          by: `mallory${ESC}[31m`,
          reason: `lunch${BEL}`,
        },
      },
      { kind: 'raw', offset: 80, text: `torn ${ESC}[H` },
    ];
    const text = renderEvents(entries, makeColors(false));
    expect(text).not.toContain(ESC);
    expect(text).not.toContain(BEL);
    expect(text).toContain('paused');
    expect(text).toContain('mallory');
  });
});
