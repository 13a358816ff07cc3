import { describe, expect, it } from 'vitest';
import { allImagesPresent, checkImages } from '../../../src/core/setup/images.js';

describe('checkImages', () => {
  it('a config that names no images asks no engine and is fine', async () => {
    const report = await checkImages([], { PATH: '/nonexistent' });
    expect(report).toEqual({ engine: null, images: [] });
    expect(allImagesPresent(report)).toBe(true);
  });

  it('with no engine answering, says why for each and cannot call any image present', async () => {
    const report = await checkImages(['alpine:3'], { PATH: '/nonexistent' });
    expect(report).toEqual({
      engine: null,
      reason: ['docker: not installed', 'podman: not installed'],
      images: [{ image: 'alpine:3', present: null }],
    });
    expect(allImagesPresent(report)).toBe(false);
  });
});
