import { join } from 'node:path';
import { array, type Infer, nonNegativeInt, number, object, record } from './decode.js';
import { bucketOf, type Fold, foldLines, foldLinesWithin, seriesPut, seriesThin } from './line-fold.js';
import { parseVerdictLine } from './verdicts.js';
import type { Workspace } from './workspace.js';

/**
 * verdicts.summary.json (docs/RUNTIME.md section 15): counts of VERDICTS per run, per UTC day and per
 * module, and GREEN over time, folded incrementally (line-fold.ts) so `cost`, `trend` and `status` never
 * read 100,000 lines. Lines that are not verdicts (flip lines, torn lines) are skipped.
 */
export const verdictCounts = object({
  ACCEPT: nonNegativeInt,
  REVISE: nonNegativeInt,
  REVERT: nonNegativeInt,
  /** GREEN cells gained: the sum of `green_after - green_before` (a REVERT gains nothing); may be negative. */
  gained: number,
});

export type VerdictCounts = Infer<typeof verdictCounts>;

export const verdictSummary = object({
  total: verdictCounts,
  runs: record(verdictCounts),
  days: record(verdictCounts),
  modules: record(verdictCounts),
  /**
   * `[bucket start ms, GREEN, total cells, cumulative ACCEPT, REVISE, REVERT]` after the bucket's last
   * verdict; 10-minute buckets, hourly when over 48 h older than the newest.
   */
  series: array(array(number)),
});

export type VerdictSummary = Infer<typeof verdictSummary>;

export function verdictSummaryPath(workspace: Workspace): string {
  return join(workspace.runtimeDir, 'verdicts.summary.json');
}

function emptyCounts(): VerdictCounts {
  return { ACCEPT: 0, REVISE: 0, REVERT: 0, gained: 0 };
}

/** The summary of VERDICTS as it is now, folding only the lines appended since it was last recorded. */
export function readVerdictSummary(workspace: Workspace): VerdictSummary {
  return foldLines(workspace.paths.verdicts, verdictFold(workspace));
}

/** As readVerdictSummary; undefined when more than `maxBytes` of VERDICTS are not summarised yet (status). */
export function readVerdictSummaryWithin(workspace: Workspace, maxBytes: number): VerdictSummary | undefined {
  return foldLinesWithin(workspace.paths.verdicts, verdictFold(workspace), maxBytes);
}

function verdictFold(workspace: Workspace): Fold<VerdictSummary> {
  return {
    cache: verdictSummaryPath(workspace),
    value: verdictSummary,
    init: () => ({ total: emptyCounts(), runs: {}, days: {}, modules: {}, series: [] }),
    step: (summary, text) => {
      const entry = parseVerdictLine({ offset: 0, text });
      if (entry.kind !== 'verdict') return;
      const verdict = entry.verdict;
      const gained =
        verdict.verdict === 'REVERT' ||
        verdict.green_after === undefined ||
        verdict.green_before === undefined
          ? 0
          : verdict.green_after - verdict.green_before;
      for (const counts of [
        summary.total,
        bucketOf(summary.runs, verdict.run ?? '(none)', emptyCounts),
        bucketOf(summary.days, verdict.at.slice(0, 10), emptyCounts),
        bucketOf(summary.modules, verdict.module, emptyCounts),
      ]) {
        counts[verdict.verdict] += 1;
        counts.gained += gained;
      }
      const at = Date.parse(verdict.at);
      const green = verdict.verdict === 'REVERT' ? verdict.green_before : verdict.green_after;
      if (!Number.isFinite(at) || green === undefined) return;
      const { ACCEPT, REVISE, REVERT } = summary.total;
      seriesPut(summary.series, at, [green, verdict.total ?? 0, ACCEPT, REVISE, REVERT]);
    },
    settle: (summary) => seriesThin(summary.series),
  };
}
