import { describe, expect, it } from 'vitest';
import { FIRST_ERROR_CHARS, firstErrorLine, formatSeconds, tailOf } from '../../../src/core/build/output.js';

describe('firstErrorLine', () => {
  it("takes go build's file:line:col line, not the '# package' header", () => {
    const output = '# example.com/ledger/internal/ledger\ninternal/ledger/report.go:29:54: undefined: totl\n';
    expect(firstErrorLine(output)).toBe('internal/ledger/report.go:29:54: undefined: totl');
  });

  it("takes go vet's finding, skipping its headers", () => {
    const output =
      '# example.com/ledger/internal/ledger\n# [example.com/ledger/internal/ledger]\n' +
      'internal/ledger/report.go:24:3: fmt.Fprintf format %d has arg sorted of wrong type []Item\n';
    expect(firstErrorLine(output)).toBe(
      'internal/ledger/report.go:24:3: fmt.Fprintf format %d has arg sorted of wrong type []Item',
    );
  });

  it("takes a failing go test's message, not its '--- FAIL: TestX' header", () => {
    const output =
      '?   \texample.com/ledger/cmd/ledger\t[no test files]\n--- FAIL: TestMean (0.00s)\n' +
      '    stats_test.go:9: Mean = 0, want 263\nFAIL\nFAIL\texample.com/ledger/internal/ledger\t0.004s\nFAIL\n';
    expect(firstErrorLine(output)).toBe('stats_test.go:9: Mean = 0, want 263');
  });

  it('takes a panic before the stack trace below it', () => {
    const output =
      'panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\n' +
      'main.main()\n\t/src/cmd/x/main.go:12 +0x1d\nexit status 2\n';
    expect(firstErrorLine(output)).toBe('panic: runtime error: index out of range [3] with length 3');
  });

  it("knows other compilers' locations and error words", () => {
    expect(firstErrorLine("src/a.ts(3,7): error TS2304: Cannot find name 'x'.\n")).toBe(
      "src/a.ts(3,7): error TS2304: Cannot find name 'x'.",
    );
    expect(firstErrorLine('make: Entering directory /x\nmain.c:3:5: error: expected ;\n')).toBe(
      'main.c:3:5: error: expected ;',
    );
    expect(firstErrorLine('compiling…\nnpm ERR! missing script: build\n')).toBe(
      'npm ERR! missing script: build',
    );
  });

  it('falls back to the first line that is not a header, then to any line; null for no output', () => {
    expect(firstErrorLine('\n  something odd happened  \nmore\n')).toBe('something odd happened');
    expect(firstErrorLine('# only a header\n')).toBe('# only a header');
    expect(firstErrorLine('\n \n')).toBeNull();
  });

  it('cuts a very long line to one reason-sized line', () => {
    const line = firstErrorLine(`main.go:1:1: ${'x'.repeat(1000)}\n`) as string;
    expect(line).toHaveLength(FIRST_ERROR_CHARS);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('tailOf', () => {
  it('keeps the last lines within the line bound, counting what it left out', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const tail = tailOf(`${text}\n`, 4096, 40);
    expect(tail.omittedLines).toBe(60);
    expect(tail.text.startsWith('line 60\n')).toBe(true);
    expect(tail.text.endsWith('line 99\n')).toBe(true);
  });

  it('keeps within the byte bound, and keeps the end of one huge line', () => {
    const lines = tailOf(`${'a'.repeat(300)}\n${'b'.repeat(300)}\n`, 400, 40);
    expect(lines).toEqual({ text: `${'b'.repeat(300)}\n`, omittedLines: 1 });
    const huge = tailOf(`${'é'.repeat(5000)}z\n`, 100, 40);
    expect(Buffer.byteLength(huge.text)).toBeLessThanOrEqual(104);
    expect(huge.text.endsWith('éz\n')).toBe(true);
    expect(huge.text).not.toContain('\uFFFD');
  });

  it('an empty text is an empty tail', () => {
    expect(tailOf('')).toEqual({ text: '', omittedLines: 0 });
  });
});

describe('formatSeconds', () => {
  it('says a time limit in seconds, without a trailing .0', () => {
    expect(formatSeconds(600_000)).toBe('600 s');
    expect(formatSeconds(1_500)).toBe('1.5 s');
  });
});
