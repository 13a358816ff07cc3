import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { makeColors } from '../../src/render/colors.js';

describe('makeColors', () => {
  const ours = makeColors(true);
  const reference = pc.createColors(true);

  it('matches picocolors, nesting included', () => {
    const samples = [
      (c: typeof ours) => c.bold(c.red('HARD PAUSED')),
      (c: typeof ours) => c.dim(`a ${c.dim('b')} c ${c.bold('d')}`),
      (c: typeof ours) => c.red(`x ${c.green('y')} z ${c.green('w')}`),
      (c: typeof ours) => c.underline(c.cyan('link')) + c.bgRed(c.whiteBright(' ! ')),
      (c: typeof ours) => c.gray(42) + c.yellow(''),
    ];
    for (const sample of samples) expect(sample(ours)).toBe(sample(reference as unknown as typeof ours));
    expect(Object.keys(ours).sort()).toEqual(Object.keys(reference).sort());
  });

  it('is plain text when disabled', () => {
    const off = makeColors(false);
    expect(off.bold(off.red('x'))).toBe('x');
    expect(off.dim(7)).toBe('7');
    expect(off.isColorSupported).toBe(false);
  });
});
