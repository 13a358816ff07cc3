import type { JourneyEntry, JourneyRef } from '../../core/journey/entries.js';
import type { RuleRecord } from '../../core/runtime/rules-queue.js';
import type { VerdictEntry } from '../../core/runtime/verdicts.js';
import type { Colors } from '../../render/colors.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderPendingRules } from '../../render/rules.js';
import { COMPACT_VERDICTS_BELOW, renderVerdictLines } from '../../render/verdicts.js';

export function verdictLines(
  entries: readonly VerdictEntry[],
  colors: Colors,
  now: Date,
  width: number,
): string[] {
  if (entries.length === 0) return [colors.dim('no verdicts yet')];
  const options = { compact: width < COMPACT_VERDICTS_BELOW };
  return [...entries].reverse().flatMap((entry) => renderVerdictLines(entry, colors, now, width, options));
}

export function journeyLines(
  entry: JourneyEntry | undefined,
  refs: readonly JourneyRef[],
  colors: Colors,
  width: number,
): string[] {
  if (entry === undefined) {
    return [
      colors.dim(refs.length === 0 ? 'no journey entries yet (docs/journey/iter-N.md)' : 'entry not found'),
    ];
  }
  return [
    colors.dim(entry.file),
    ...renderMarkdown(entry.markdown, colors, width).replace(/\n+$/, '').split('\n'),
  ];
}

/** Pending proposals, the selected one marked; also where each proposal starts, to keep it in view. */
export function ruleLines(
  pending: readonly RuleRecord[],
  selected: number,
  colors: Colors,
): { lines: string[]; starts: number[] } {
  if (pending.length === 0) return { lines: [colors.dim('no pending rule proposals')], starts: [] };
  const lines: string[] = [];
  const starts: number[] = [];
  pending.forEach((record, index) => {
    starts.push(lines.length);
    const block = renderPendingRules([record], colors).replace(/\n$/, '').split('\n');
    const mark = index === selected ? colors.inverse('›') : ' ';
    block.forEach((line, row) => {
      lines.push(`${row === 0 ? mark : ' '} ${line}`);
    });
  });
  return { lines, starts };
}
