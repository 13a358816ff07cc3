import type { Key } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { makeColors } from '../../src/render/colors.js';
import { clampOffset, Lines, visibleSlice } from '../../src/tui/views/lines.js';
import { PromptLine, promptKey } from '../../src/tui/views/prompt.js';

const plain = makeColors(false);
const noKey = {} as Key;

describe('Lines', () => {
  it('shows at most `height` lines and cuts long ones at the edge instead of wrapping', () => {
    const { lastFrame } = render(<Lines lines={['first', 'x'.repeat(300), 'third', 'fourth']} height={3} />);
    const frame = lastFrame() ?? '';
    expect(frame.split('\n')).toHaveLength(3);
    expect(frame).not.toContain('fourth');
    expect(frame.split('\n')[1]?.length).toBeLessThanOrEqual(100);
  });

  it('scroll offsets stop at both ends of the content', () => {
    expect(clampOffset(-5, 50, 10)).toBe(0);
    expect(clampOffset(999, 50, 10)).toBe(40);
    expect(clampOffset(3, 5, 10)).toBe(0);
    expect(visibleSlice(['a', 'b', 'c', 'd'], 10, 2)).toEqual(['c', 'd']);
  });
});

describe('prompts', () => {
  it('the soft pause prompt collects a one-line reason and submits on Enter', () => {
    let outcome = promptKey({ kind: 'soft', text: '' }, 'disk\nfull', noKey);
    expect(outcome.next).toEqual({ kind: 'soft', text: 'disk full' });
    outcome = promptKey(outcome.next as never, '', { ...noKey, backspace: true });
    expect(outcome.next).toEqual({ kind: 'soft', text: 'disk ful' });
    outcome = promptKey(outcome.next as never, '', { ...noKey, return: true });
    expect(outcome).toEqual({ next: null, submit: { kind: 'soft', text: 'disk ful' } });
  });

  it('the hard pause prompt acts only on y; Esc or anything else cancels', () => {
    expect(promptKey({ kind: 'hard' }, 'y', noKey).submit).toEqual({ kind: 'hard' });
    expect(promptKey({ kind: 'hard' }, 'n', noKey)).toEqual({ next: null, cancelled: true });
    expect(promptKey({ kind: 'hard' }, '', { ...noKey, escape: true })).toEqual({
      next: null,
      cancelled: true,
    });
  });

  it('renders what it asks', () => {
    const { lastFrame } = render(
      <PromptLine prompt={{ kind: 'rule', id: 'r-9', decision: 'rejected' }} colors={plain} />,
    );
    expect(lastFrame()).toContain('reject r-9? y confirms');
  });
});
