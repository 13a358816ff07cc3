import { describe, expect, it } from 'vitest';
import { summarizeDifference } from '../../../src/core/parity/output-diff.js';

describe('one-line output differences', () => {
  it('equal outputs have no difference', () => {
    expect(summarizeDifference('a\nb\n', 'a\nb\n')).toBeNull();
  });

  it('names the first differing line, quoted, with a count when several differ', () => {
    expect(summarizeDifference('x\nfoo\n', 'x\nfob\n')).toBe('line 2: expected "foo" got "fob"');
    expect(summarizeDifference('a\nb\nc\n', 'A\nb\nC\n')).toBe(
      'line 1: expected "a" got "A" (2 of 3 lines differ)',
    );
  });

  it('says when output is missing or extra', () => {
    expect(summarizeDifference('a\nb\n', 'a\n')).toBe('line 2: expected "b" got end of output');
    expect(summarizeDifference('', 'boom')).toBe('line 1: expected "" got "boom"');
    expect(summarizeDifference('a', 'a\nextra')).toBe('line 2: expected end of output got "extra"');
  });

  it('reports whitespace-only differences plainly and cuts long lines', () => {
    expect(summarizeDifference('a\n', 'a')).toBe(
      'outputs differ only in trailing whitespace or final newlines',
    );
    const long = 'y'.repeat(200);
    const summary = summarizeDifference(long, `${long}z`) ?? '';
    expect(summary.length).toBeLessThan(160);
    expect(summary).toContain('…');
  });
});
