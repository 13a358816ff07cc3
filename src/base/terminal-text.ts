/**
 * Text that came from a file or an agent, made safe for a terminal. An agent's words reach the operator
 * through journey entries, transcripts, verdict reasons and rule texts; raw, an escape sequence in them
 * could clear the screen, set the window title or write the clipboard (OSC 52), and hide what the agent
 * did. Every control character except newline and tab, every C1 control and the bidirectional overrides
 * are shown visibly instead (`\x1b`, `\u009b`, `\u202e`); our own colours are added after this, never
 * before. Long text is cut with an ellipsis that says how much was left out.
 */

// C0 but \t and \n, DEL, C1, and the bidi embeddings, overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const UNSAFE_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\n') return '⏎';
  if (char === '\t') return ' ';
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Shows at most this many characters of one field unless the caller says otherwise. */
export const DEFAULT_MAX_CHARS = 10_000;

/** `text` cut to `max` characters, saying how many more there were. */
export function cutText(text: string, max: number = DEFAULT_MAX_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Multi-line text for a terminal: newlines and tabs kept, every other control character shown visibly. */
export function terminalText(text: string, max: number = DEFAULT_MAX_CHARS): string {
  return cutText(text, max).replace(UNSAFE, visible);
}

/** One line for a terminal: newlines shown as ⏎, tabs as spaces, other control characters visibly. */
export function terminalLine(text: string, max: number = DEFAULT_MAX_CHARS): string {
  return cutText(text, max).replace(UNSAFE_ONE_LINE, visible);
}

/** Whether `text` holds anything `terminalText` would change (other than by its length). */
export function hasControlCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text);
}

// C1 controls and the bidi characters: JSON.stringify leaves them raw (it escapes only C0), and a
// terminal may act on them. Outside JSON strings they cannot occur, so escaping them keeps the JSON valid.
const UNSAFE_IN_JSON = /[\u0080-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function jsonEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A string in --json output is cut beyond this (a 100 MB line is never printed whole there either). */
export const JSON_MAX_CHARS = 200_000;

/**
 * JSON for a terminal or a pipe: every string longer than `max` cut like `cutText` (a 100 MB line in a
 * file is never printed whole, in --json either), and C1 controls and bidi characters escaped as `\uXXXX`.
 * The result parses to the same values apart from the cut strings.
 */
export function terminalJson(value: unknown, indent?: number, max: number = JSON_MAX_CHARS): string {
  const text = JSON.stringify(
    value,
    (_key, item: unknown) => (typeof item === 'string' && item.length > max ? cutText(item, max) : item),
    indent,
  );
  return text === undefined ? 'null' : text.replace(UNSAFE_IN_JSON, jsonEscape);
}

// Our own colours: SGR sequences of digits and semicolons (`\x1b[1;32m`), nothing else.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding escape sequences is the point
const SGR_OR_UNSAFE = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The last guard before a command's human output reaches the terminal: colour (SGR) sequences are kept,
 * every other escape sequence or control character is shown visibly. Texts from files and agents are made
 * safe where they are rendered (terminalLine, terminalText); this catches anything a renderer missed, so an
 * OSC 52 clipboard write, an OSC 0 title or a CSI 2J clear never reaches the terminal raw.
 */
export function terminalOutput(text: string): string {
  return text.replace(SGR_OR_UNSAFE, (match) => (match.length > 1 ? match : visible(match)));
}
