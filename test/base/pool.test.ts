import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/base/pool.js';

describe('bounded parallel map', () => {
  it('never runs more than the limit at once and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded([50, 10, 30, 5, 20, 1, 15], 3, async (delay, index) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running--;
      return index * 10;
    });
    expect(peak).toBe(3);
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
  });

  it('handles an empty list and a limit larger than the list', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
    expect(await mapBounded(['a'], 8, async (item) => item.toUpperCase())).toEqual(['A']);
  });
});
