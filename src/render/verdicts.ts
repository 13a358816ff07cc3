import { terminalLine } from '../base/terminal-text.js';
import { isJsonObject } from '../core/runtime/decode.js';
import type { VerdictEntry, VerdictKind } from '../core/runtime/verdicts.js';
import type { Colors } from './colors.js';
import { formatAge } from './time.js';
import { wrapText } from './wrap.js';

/** Text from VERDICTS (the judge's reason quotes the agent): one safe line, at most `max` characters. */
function safe(value: unknown, max = 2000): string {
  return terminalLine(String(value), max);
}

export function colorVerdict(kind: VerdictKind, colors: Colors): string {
  if (kind === 'ACCEPT') return colors.green(kind);
  if (kind === 'REVISE') return colors.yellow(kind);
  return colors.red(kind);
}

export interface VerdictLineOptions {
  /**
   * For narrow screens (an 80-column TUI, a tmux pane): the time of day instead of date, time and age
   * (`07:03:39`, or `11-23 22:10` on another day), narrower columns, so the reason stays readable.
   */
  readonly compact?: boolean;
}

/** Below this width verdict lines are drawn compact: the full form leaves the reason about 10 columns. */
export const COMPACT_VERDICTS_BELOW = 120;

function when(at: unknown, colors: Colors, now: Date, compact: boolean): string {
  if (typeof at !== 'string') return '';
  if (!compact) return colors.dim(`${safe(at.slice(0, 19).replace('T', ' '))} (${formatAge(at, now)})`);
  const time = Date.parse(at);
  if (Number.isNaN(time)) return colors.dim(safe(at, 40));
  const iso = new Date(time).toISOString();
  const sameDay = iso.slice(0, 10) === now.toISOString().slice(0, 10);
  return colors.dim(sameDay ? iso.slice(11, 19) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`);
}

function columns(position: string, module: string, compact: boolean): string {
  return compact
    ? `${position.padEnd(7)} ${module.padEnd(10)}`
    : `${position.padEnd(8)} ${module.padEnd(14)}`;
}

/**
 * A line that is not a verdict: another event of the verdict log (a forced `parity-flip` writes
 * `{"type":"flip",…}`), shown by its type and fields; anything else as unparsed text, dimmed.
 */
function renderOtherLine(text: string, colors: Colors, now: Date, compact: boolean): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return colors.dim(`(unparsed) ${safe(text)}`);
  }
  if (!isJsonObject(value) || typeof value.type !== 'string') return colors.dim(`(unparsed) ${safe(text)}`);
  const { type, at, module, epoch, iter, ...rest } = value;
  const fields = Object.entries(rest)
    .map(
      ([key, field]) =>
        `${safe(key, 60)}=${safe(typeof field === 'string' ? field : JSON.stringify(field), 500)}`,
    )
    .join(' ');
  const position = `e${epoch ?? '?'}/i${iter ?? '?'}`;
  const label = colors.magenta(safe(type, 40).toUpperCase());
  return `${when(at, colors, now, compact)}  ${columns(safe(position, 40), safe(module ?? '-', 100), compact)} ${label}  ${fields}`;
}

/** One verdict a line: time, epoch/iter, module, verdict (coloured), parity change, reason. Other lines apart. */
export function renderVerdictLine(
  entry: VerdictEntry,
  colors: Colors,
  now: Date,
  options: VerdictLineOptions = {},
): string {
  const compact = options.compact === true;
  if (entry.kind === 'raw') return renderOtherLine(entry.text, colors, now, compact);
  const verdict = entry.verdict;
  const delta =
    typeof verdict.green_before === 'number' && typeof verdict.green_after === 'number'
      ? ` ${verdict.green_before}→${verdict.green_after}`
      : '';
  const iter = `e${verdict.epoch ?? '?'}/i${verdict.iter ?? '?'}`;
  return `${when(verdict.at, colors, now, compact)}  ${columns(iter, safe(verdict.module, 100), compact)} ${colorVerdict(verdict.verdict, colors).padEnd(6)}${delta}  ${safe(verdict.reason ?? '')}`;
}

export function renderVerdicts(entries: readonly VerdictEntry[], colors: Colors, now: Date): string {
  if (entries.length === 0) return 'no verdicts yet\n';
  return `${entries.map((entry) => renderVerdictLine(entry, colors, now)).join('\n')}\n`;
}

/**
 * A verdict as one line, or, when its reason does not fit `width`, with the reason wrapped onto lines
 * indented under it (the TUI's verdicts view, where the whole reason should be readable).
 */
export function renderVerdictLines(
  entry: VerdictEntry,
  colors: Colors,
  now: Date,
  width: number,
  options: VerdictLineOptions = {},
): string[] {
  const line = renderVerdictLine(entry, colors, now, options);
  if (entry.kind === 'raw' || !entry.verdict.reason) return [line];
  const head = renderVerdictLine(
    { ...entry, verdict: { ...entry.verdict, reason: '' } },
    colors,
    now,
    options,
  );
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes to measure the head
  const indent = head.replace(/\u001b\[[0-9;]*m/g, '').length;
  // Too little room beside the head to wrap into: one line, cut at the edge by the view.
  const reason = safe(entry.verdict.reason);
  if (indent + reason.length <= width || width - indent < 20) return [line];
  const [first = '', ...rest] = wrapText(reason, width - indent);
  return [`${head}${first}`, ...rest.map((piece) => `${' '.repeat(indent)}${piece}`)];
}
