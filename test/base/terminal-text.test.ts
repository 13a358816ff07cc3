import { describe, expect, it } from 'vitest';
import { cutText, hasControlCharacters, terminalLine, terminalText } from '../../src/base/terminal-text.js';

describe('terminal text', () => {
  it.each([
    ['OSC 52 clipboard write', '\u001b]52;c;ZWNobyBoaQ==\u0007', '\\x1b]52;c;ZWNobyBoaQ==\\x07'],
    ['OSC 0 window title', '\u001b]0;all good\u0007', '\\x1b]0;all good\\x07'],
    ['CSI 2J clear screen', 'x\u001b[2Jall good', 'x\\x1b[2Jall good'],
    ['C1 CSI', 'a\u009b2Jb', 'a\\x9b2Jb'],
    ['carriage return that would overwrite the line', 'rm -rf /\rls', 'rm -rf /\\x0dls'],
    ['backspace and DEL', 'ab\b\u007f', 'ab\\x08\\x7f'],
    ['bidi override (Trojan Source)', 'a\u202eb\u2066c', 'a\\u202eb\\u2066c'],
  ])('shows %s visibly instead of sending it', (_name, input, shown) => {
    expect(terminalText(input)).toBe(shown);
    expect(hasControlCharacters(input)).toBe(true);
  });

  it('keeps newlines and tabs in multi-line text, and plain text as it is', () => {
    expect(terminalText('line 1\n\tline 2 ✓ ü')).toBe('line 1\n\tline 2 ✓ ü');
    expect(hasControlCharacters('line 1\n\tline 2')).toBe(false);
  });

  it('folds a one-line field: newline as ⏎, tab as a space', () => {
    expect(terminalLine('a\nb\tc\u001b[31m')).toBe('a⏎b c\\x1b[31m');
  });

  it('cuts a long field with an ellipsis that says how much is left out', () => {
    const huge = 'x'.repeat(100_000_000);
    const shown = terminalLine(huge, 80);
    expect(shown).toBe(`${'x'.repeat(80)}… (99999920 more characters)`);
    expect(cutText('short', 80)).toBe('short');
  });
});
