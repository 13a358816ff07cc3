import type { VerdictEntry, VerdictKind } from '../core/verdicts.js';
import type { Colors } from './colors.js';
import { formatAge } from './time.js';

export function colorVerdict(kind: VerdictKind, colors: Colors): string {
  if (kind === 'ACCEPT') return colors.green(kind);
  if (kind === 'REVISE') return colors.yellow(kind);
  return colors.red(kind);
}

/** One verdict a line: time, epoch/iter, module, verdict (coloured), parity change, reason. Raw lines dimmed. */
export function renderVerdictLine(entry: VerdictEntry, colors: Colors, now: Date): string {
  if (entry.kind === 'raw') return colors.dim(`(unparsed) ${entry.text}`);
  const verdict = entry.verdict;
  const delta =
    typeof verdict.green_before === 'number' && typeof verdict.green_after === 'number'
      ? ` ${verdict.green_before}→${verdict.green_after}`
      : '';
  const when =
    typeof verdict.at === 'string'
      ? colors.dim(`${verdict.at.slice(0, 19).replace('T', ' ')} (${formatAge(verdict.at, now)})`)
      : '';
  const iter = `e${verdict.epoch ?? '?'}/i${verdict.iter ?? '?'}`;
  return `${when}  ${iter.padEnd(8)} ${verdict.module.padEnd(14)} ${colorVerdict(verdict.verdict, colors).padEnd(6)}${delta}  ${verdict.reason ?? ''}`;
}

export function renderVerdicts(entries: readonly VerdictEntry[], colors: Colors, now: Date): string {
  if (entries.length === 0) return 'no verdicts yet\n';
  return `${entries.map((entry) => renderVerdictLine(entry, colors, now)).join('\n')}\n`;
}
