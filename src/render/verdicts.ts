import type { VerdictEntry, VerdictKind } from '../core/verdicts.js';
import type { Colors } from './colors.js';
import { formatAge } from './time.js';

export function colorVerdict(kind: VerdictKind, colors: Colors): string {
  if (kind === 'ACCEPT') return colors.green(kind);
  if (kind === 'REVISE') return colors.yellow(kind);
  return colors.red(kind);
}

function when(at: unknown, colors: Colors, now: Date): string {
  return typeof at === 'string'
    ? colors.dim(`${at.slice(0, 19).replace('T', ' ')} (${formatAge(at, now)})`)
    : '';
}

/**
 * A line that is not a verdict: another event of the verdict log (a forced `parity-flip` writes
 * `{"type":"flip",…}`), shown by its type and fields; anything else as unparsed text, dimmed.
 */
function renderOtherLine(text: string, colors: Colors, now: Date): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return colors.dim(`(unparsed) ${text}`);
  }
  if (value === null || typeof value !== 'object' || typeof (value as { type?: unknown }).type !== 'string') {
    return colors.dim(`(unparsed) ${text}`);
  }
  const { type, at, module, epoch, iter, ...rest } = value as Record<string, unknown>;
  const fields = Object.entries(rest)
    .map(([key, field]) => `${key}=${typeof field === 'string' ? field : JSON.stringify(field)}`)
    .join(' ');
  const position = `e${epoch ?? '?'}/i${iter ?? '?'}`;
  const label = colors.magenta(String(type).toUpperCase());
  return `${when(at, colors, now)}  ${position.padEnd(8)} ${String(module ?? '-').padEnd(14)} ${label}  ${fields}`;
}

/** One verdict a line: time, epoch/iter, module, verdict (coloured), parity change, reason. Other lines apart. */
export function renderVerdictLine(entry: VerdictEntry, colors: Colors, now: Date): string {
  if (entry.kind === 'raw') return renderOtherLine(entry.text, colors, now);
  const verdict = entry.verdict;
  const delta =
    typeof verdict.green_before === 'number' && typeof verdict.green_after === 'number'
      ? ` ${verdict.green_before}→${verdict.green_after}`
      : '';
  const iter = `e${verdict.epoch ?? '?'}/i${verdict.iter ?? '?'}`;
  return `${when(verdict.at, colors, now)}  ${iter.padEnd(8)} ${verdict.module.padEnd(14)} ${colorVerdict(verdict.verdict, colors).padEnd(6)}${delta}  ${verdict.reason ?? ''}`;
}

export function renderVerdicts(entries: readonly VerdictEntry[], colors: Colors, now: Date): string {
  if (entries.length === 0) return 'no verdicts yet\n';
  return `${entries.map((entry) => renderVerdictLine(entry, colors, now)).join('\n')}\n`;
}
