import { readLogExcerpt } from '../core/build/logs.js';
import { type BuildRecord, buildReason, checkReason } from '../core/build/records.js';
import { queryVerdicts } from '../core/runtime/verdicts.js';
import type { Workspace } from '../core/runtime/workspace.js';
import type { LastAttempt, StepProblem } from './prompt-build.js';

/** How far back VERDICTS is searched for the module's last line (a module not tried for long has none). */
const SCAN_BYTES = 8 * 1024 * 1024;

/**
 * The module's previous iteration as its VERDICTS line records it, with the build or checks that failed
 * and the end of their logs: what "your last attempt did not build" tells the agent. From the file, not
 * from memory, so it survives a restart of the loop. Null when there is no such line or nothing failed.
 */
export function lastAttempt(workspace: Workspace, module: string): LastAttempt | null {
  let entries: ReturnType<typeof queryVerdicts>['entries'];
  try {
    entries = queryVerdicts(workspace, { limit: 1, module, maxScanBytes: SCAN_BYTES }).entries;
  } catch {
    // An unreadable VERDICTS costs the agent this hint, not the iteration.
    return null;
  }
  const entry = entries[0];
  if (entry === undefined || entry.kind !== 'verdict') return null;
  const verdict = entry.verdict;
  const problems: StepProblem[] = [];
  const build = verdict.build;
  const buildWhy = build === undefined ? null : buildReason(build);
  if (build !== undefined && buildWhy !== null) problems.push(stepProblem('build', buildWhy, null, build));
  for (const [name, check] of Object.entries(verdict.checks ?? {})) {
    const why = checkReason(name, check);
    if (why !== null) problems.push(stepProblem(`check ${name}`, why, check.on_fail, check));
  }
  if (problems.length === 0) return null;
  return { iter: verdict.iter, verdict: verdict.verdict, problems };
}

/** A failed build or check as the prompt shows it: the reason, the command, the end of its log. */
export function stepProblem(
  step: string,
  reason: string,
  onFail: StepProblem['onFail'],
  record: BuildRecord,
): StepProblem {
  return {
    step,
    reason,
    onFail,
    command: record.command,
    log: record.log,
    tail: readLogExcerpt(record.log),
  };
}
