/** Reading a build's or a check's output: the line worth quoting in a reason, and a bounded tail. */

/** `path/file.ext:12:5: …`, `file.ext:12: …`, `file.ext(12,5): …`: a compiler's or a test's location. */
const LOCATION = /^(?:vet: )?(?:[A-Za-z]:)?[\w.@+/\\-]*[\w-]\.[A-Za-z0-9]+(?::\d+|\(\d+)/;
const KEYWORD =
  /\b(?:error|fatal|panic|fail(?:ed|ure)?|exception|undefined reference|cannot|not found)\b|\bERR!/i;
/**
 * Lines that only introduce what follows: Go's `# package` headers, `go test`'s `--- FAIL: TestX` and
 * `=== RUN` lines, `make`'s `Entering directory`.
 */
const HEADER =
  /^(?:#\s|--- FAIL:|=== (?:RUN|PAUSE|CONT|NAME)\b|make(?:\[\d+\])?: (?:Entering|Leaving) directory)/;

/** Longest first error line kept (a reason is one line). */
export const FIRST_ERROR_CHARS = 200;

/**
 * The first line that looks like an error (a `file:line:` location, or a word such as error, FAIL,
 * panic), skipping headers such as Go's `# package`; else the first other line; null for no output.
 */
export function firstErrorLine(output: string): string | null {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const body = lines.filter((line) => !HEADER.test(line));
  const line = body.find((text) => LOCATION.test(text) || KEYWORD.test(text)) ?? body[0] ?? lines[0] ?? null;
  if (line === null) return null;
  return line.length > FIRST_ERROR_CHARS ? `${line.slice(0, FIRST_ERROR_CHARS - 1)}…` : line;
}

export interface Tail {
  readonly text: string;
  /** Lines before the tail that were left out. */
  readonly omittedLines: number;
}

/** What prompts and journey entries quote of a log: its last lines, at most this many bytes and lines. */
export const TAIL_BYTES = 4096;
export const TAIL_LINES = 40;

/** The end of `text`: at most `maxLines` lines and `maxBytes` bytes (a longer last line keeps its end). */
export function tailOf(text: string, maxBytes = TAIL_BYTES, maxLines = TAIL_LINES): Tail {
  const lines = text.replace(/\n+$/, '').split('\n');
  if (lines.length === 1 && lines[0] === '') return { text: '', omittedLines: 0 };
  const kept: string[] = [];
  let bytes = 0;
  for (let index = lines.length - 1; index >= 0 && kept.length < maxLines; index--) {
    const line = lines[index] as string;
    const size = Buffer.byteLength(line) + 1;
    if (bytes + size > maxBytes) {
      if (kept.length === 0) kept.unshift(endOfLine(line, maxBytes));
      break;
    }
    kept.unshift(line);
    bytes += size;
  }
  return { text: `${kept.join('\n')}\n`, omittedLines: lines.length - kept.length };
}

function endOfLine(line: string, maxBytes: number): string {
  const bytes = Buffer.from(line);
  // Cut on a character boundary: skip UTF-8 continuation bytes at the start of the kept part.
  let start = Math.max(0, bytes.length - maxBytes + 1);
  while (start < bytes.length && ((bytes[start] as number) & 0xc0) === 0x80) start++;
  return `…${bytes.subarray(start).toString('utf8')}`;
}

/** `12 s`, `1.5 s`: a time limit as reasons and logs say it. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
