import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/render/time.js';
import { REPO_ROOT } from '../helpers/cli.js';

/** The page script's own formatDuration (the browser has no build step, so it cannot import render/time). */
function pageFormatDuration(): (ms: number) => string {
  const script = readFileSync(join(REPO_ROOT, 'src', 'web', 'assets', 'app.js'), 'utf8');
  const source = /^function formatDuration\(ms\) \{\n[\s\S]*?\n\}$/m.exec(script)?.[0];
  if (source === undefined) throw new Error('app.js no longer defines formatDuration(ms)');
  return new Function(`${source}\nreturn formatDuration;`)() as (ms: number) => string;
}

describe('the page script', () => {
  it('counts ages in the same words as the server (a refreshed region and a ticking one agree)', () => {
    const page = pageFormatDuration();
    const HOUR = 3_600_000;
    for (const ms of [
      0,
      999,
      59_999,
      60_000,
      65_000,
      3_599_999,
      HOUR,
      47 * HOUR + 59 * 60_000,
      48 * HOUR,
      250 * HOUR,
    ]) {
      expect(page(ms), String(ms)).toBe(formatDuration(ms));
    }
  });
});
