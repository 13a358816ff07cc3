const SHOWN_CHARS = 60;

/**
 * One line saying where two outputs first differ, for a parity cell's `detail` and the agent's prompt:
 * `line 3: expected "foo" got "fob" (2 of 10 lines differ)`. Null when they are equal.
 */
export function summarizeDifference(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  if (expected.trimEnd() === actual.trimEnd()) {
    return 'outputs differ only in trailing whitespace or final newlines';
  }
  const want = outputLines(expected);
  const got = outputLines(actual);
  const lines = Math.max(want.length, got.length);
  let first = -1;
  let differing = 0;
  for (let i = 0; i < lines; i++) {
    if (want[i] === got[i]) continue;
    differing++;
    if (first < 0) first = i;
  }
  const at = first + 1;
  const where = `line ${at}: expected ${shownLine(want[first])} got ${shownLine(got[first])}`;
  return differing > 1 ? `${where} (${differing} of ${lines} lines differ)` : where;
}

/** Lines of an output; a final newline ends the last line rather than starting an empty one. */
function outputLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

function shownLine(line: string | undefined): string {
  if (line === undefined) return 'end of output';
  const cut = line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS)}…` : line;
  return JSON.stringify(cut);
}
