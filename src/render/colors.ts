/**
 * Terminal colours, the picocolors way (same names, same nesting rule), written out here because
 * picocolors reads `process.stdout` when it loads, which costs every command a stream it may not need.
 */
export type Formatter = (input: string | number | null | undefined) => string;

const STYLES = {
  reset: [0, 0],
  bold: [1, 22, '\u001b[22m\u001b[1m'],
  dim: [2, 22, '\u001b[22m\u001b[2m'],
  italic: [3, 23],
  underline: [4, 24],
  inverse: [7, 27],
  hidden: [8, 28],
  strikethrough: [9, 29],
  black: [30, 39],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  white: [37, 39],
  gray: [90, 39],
  bgBlack: [40, 49],
  bgRed: [41, 49],
  bgGreen: [42, 49],
  bgYellow: [43, 49],
  bgBlue: [44, 49],
  bgMagenta: [45, 49],
  bgCyan: [46, 49],
  bgWhite: [47, 49],
  blackBright: [90, 39],
  redBright: [91, 39],
  greenBright: [92, 39],
  yellowBright: [93, 39],
  blueBright: [94, 39],
  magentaBright: [95, 39],
  cyanBright: [96, 39],
  whiteBright: [97, 39],
  bgBlackBright: [100, 49],
  bgRedBright: [101, 49],
  bgGreenBright: [102, 49],
  bgYellowBright: [103, 49],
  bgBlueBright: [104, 49],
  bgMagentaBright: [105, 49],
  bgCyanBright: [106, 49],
  bgWhiteBright: [107, 49],
} as const satisfies Record<string, readonly [number, number, string?]>;

export type Colors = { readonly isColorSupported: boolean } & {
  readonly [style in keyof typeof STYLES]: Formatter;
};

/** Wraps text in `open`/`close`; a `close` inside (from nested styles) is replaced so the outer style resumes. */
function formatter(open: string, close: string, replace: string): Formatter {
  return (input) => {
    const text = `${input ?? ''}`;
    let index = text.indexOf(close, open.length);
    if (index < 0) return open + text + close;
    let result = '';
    let cursor = 0;
    do {
      result += text.substring(cursor, index) + replace;
      cursor = index + close.length;
      index = text.indexOf(close, cursor);
    } while (index >= 0);
    return `${open}${result}${text.substring(cursor)}${close}`;
  };
}

const plain: Formatter = (input) => `${input ?? ''}`;

/** Colour functions; each is the identity (as text) when `enabled` is false. */
export function makeColors(enabled: boolean): Colors {
  const colors: Record<string, unknown> = { isColorSupported: enabled };
  for (const [name, [open, close, replace]] of Object.entries(STYLES) as [
    string,
    readonly [number, number, string?],
  ][]) {
    const openCode = `\u001b[${open}m`;
    const closeCode = `\u001b[${close}m`;
    colors[name] = enabled ? formatter(openCode, closeCode, replace ?? openCode) : plain;
  }
  return colors as Colors;
}
