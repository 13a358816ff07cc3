import { isPending, type RuleRecord, readRulesQueue } from '../core/runtime/rules-queue.js';
import type { Workspace } from '../core/runtime/workspace.js';

/** How many decided proposals the rules view shows under the pending ones. */
export const RECENT_DECISIONS = 10;

export interface RulesView {
  /** In the order proposed. */
  readonly pending: readonly RuleRecord[];
  /** The latest decisions first (at most RECENT_DECISIONS). */
  readonly decided: readonly RuleRecord[];
  readonly malformed: number;
}

/** RULES_QUEUE as the rules page and `/api/rules` show it. */
export function readRulesView(workspace: Workspace): RulesView {
  const queue = readRulesQueue(workspace);
  const decided = queue.records
    .filter((record) => !isPending(record))
    .sort(newestDecisionFirst)
    .slice(0, RECENT_DECISIONS);
  return {
    pending: queue.records.filter(isPending),
    decided,
    malformed: queue.malformed.length,
  };
}

/** ISO timestamps sort as text; equal ones keep the queue's order (the sort is stable). */
function newestDecisionFirst(a: RuleRecord, b: RuleRecord): number {
  const left = a.decision?.at ?? '';
  const right = b.decision?.at ?? '';
  return left < right ? 1 : left > right ? -1 : 0;
}
