import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { appendLine, withLock } from './store.js';
import { fileStamp, readDerived, writeDerived } from './summaries.js';
import type { Workspace } from './workspace.js';

export const RULE_KINDS = ['additive', 'relaxation', 'removal'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export type RuleDecisionKind = 'approved' | 'rejected';

/** RULES_QUEUE lines (docs/RUNTIME.md section 5). */
export interface RuleProposal {
  type: 'proposal';
  id: string;
  at: string;
  kind: RuleKind;
  text: string;
  rationale: string;
  target: string | null;
  source: string;
  [key: string]: unknown;
}

export interface RuleDecision {
  type: 'decision';
  id: string;
  at: string;
  decision: RuleDecisionKind;
  by: string;
  note: string | null;
}

export interface RuleApplied {
  type: 'applied';
  id: string;
  at: string;
}

export type RuleEvent = RuleProposal | RuleDecision | RuleApplied;

/** Every proposal with what has happened to it since. */
export interface RuleRecord {
  readonly proposal: RuleProposal;
  readonly decision: RuleDecision | null;
  readonly applied: RuleApplied | null;
}

export interface RulesQueue {
  /** In the order proposed. */
  readonly records: readonly RuleRecord[];
  /** Lines that are not a valid event, kept as text. */
  readonly malformed: readonly string[];
}

/** A proposal that is pending: no decision names it. */
export function isPending(record: RuleRecord): boolean {
  return record.decision === null;
}

/** Additive proposals may be applied without an operator; relaxations and removals need approval. */
export function isAutoApplicable(proposal: RuleProposal): boolean {
  return proposal.kind === 'additive';
}

export function readRulesQueue(workspace: Workspace): RulesQueue {
  let text: string;
  try {
    text = readFileSync(workspace.paths.rulesQueue, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], malformed: [] };
    throw new AutosweError(`cannot read ${workspace.paths.rulesQueue}: ${(error as Error).message}`);
  }
  return parseRulesQueue(text);
}

export function parseRulesQueue(text: string): RulesQueue {
  const proposals = new Map<string, RuleProposal>();
  const decisions = new Map<string, RuleDecision>();
  const applied = new Map<string, RuleApplied>();
  const malformed: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const event = parseRuleEvent(line);
    if (event === undefined) malformed.push(line);
    else if (event.type === 'proposal') {
      if (!proposals.has(event.id)) proposals.set(event.id, event);
    } else if (event.type === 'decision') {
      if (!decisions.has(event.id)) decisions.set(event.id, event);
    } else if (!applied.has(event.id)) applied.set(event.id, event);
  }
  const records = [...proposals.values()].map((proposal) => ({
    proposal,
    decision: decisions.get(proposal.id) ?? null,
    applied: applied.get(proposal.id) ?? null,
  }));
  return { records, malformed };
}

function parseRuleEvent(line: string): RuleEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const event = value as Record<string, unknown>;
  if (typeof event.id !== 'string' || event.id === '') return undefined;
  if (event.type === 'proposal') {
    if (typeof event.text !== 'string' || !(RULE_KINDS as readonly unknown[]).includes(event.kind))
      return undefined;
    return {
      ...event,
      type: 'proposal',
      id: event.id,
      at: String(event.at ?? ''),
      kind: event.kind as RuleKind,
      text: event.text,
      rationale: typeof event.rationale === 'string' ? event.rationale : '',
      target: typeof event.target === 'string' ? event.target : null,
      source: typeof event.source === 'string' ? event.source : 'unknown',
    };
  }
  if (event.type === 'decision') {
    if (event.decision !== 'approved' && event.decision !== 'rejected') return undefined;
    return {
      type: 'decision',
      id: event.id,
      at: String(event.at ?? ''),
      decision: event.decision,
      by: typeof event.by === 'string' ? event.by : 'unknown',
      note: typeof event.note === 'string' ? event.note : null,
    };
  }
  if (event.type === 'applied') return { type: 'applied', id: event.id, at: String(event.at ?? '') };
  return undefined;
}

export function pendingRules(queue: RulesQueue): RuleRecord[] {
  return queue.records.filter(isPending);
}

export interface RuleCounts {
  readonly pending: number;
  readonly autoApplicable: number;
  readonly needsApproval: number;
}

export function countPendingRules(queue: RulesQueue): RuleCounts {
  const pending = pendingRules(queue);
  const autoApplicable = pending.filter((record) => isAutoApplicable(record.proposal)).length;
  return { pending: pending.length, autoApplicable, needsApproval: pending.length - autoApplicable };
}

/**
 * Pending counts for status, which runs every few seconds while RULES_QUEUE only grows: kept in a derived
 * file per version of the queue (docs/RUNTIME.md section 15), so the queue is parsed only after it changed.
 */
export function readPendingRuleCounts(workspace: Workspace): RuleCounts {
  const source = fileStamp(workspace.paths.rulesQueue);
  if (source === undefined) return { pending: 0, autoApplicable: 0, needsApproval: 0 };
  const cachePath = join(workspace.runtimeDir, 'rules.summary.json');
  const cached = readDerived<RuleCounts>(cachePath, source);
  if (cached !== undefined) return cached;
  const counts = countPendingRules(readRulesQueue(workspace));
  writeDerived(cachePath, source, counts);
  return counts;
}

export interface DecisionRequest {
  readonly id: string;
  readonly decision: RuleDecisionKind;
  readonly by: string;
  readonly note?: string | undefined;
  readonly now?: Date;
}

/**
 * Appends a decision for a pending proposal, under the lock so two operators cannot both decide it.
 * An unknown or already decided id is a usage error naming the id.
 */
export async function decideRule(workspace: Workspace, request: DecisionRequest): Promise<RuleDecision> {
  return withLock(workspace.runtimeDir, workspace.paths.lock, async () => {
    const record = readRulesQueue(workspace).records.find((item) => item.proposal.id === request.id);
    if (record === undefined) {
      throw new AutosweError(
        `no rule proposal with id '${request.id}' in ${workspace.paths.rulesQueue}`,
        EXIT_USAGE,
      );
    }
    if (record.decision !== null) {
      throw new AutosweError(
        `rule proposal '${request.id}' was already ${record.decision.decision} by ${record.decision.by} at ${record.decision.at}`,
        EXIT_USAGE,
      );
    }
    const decision: RuleDecision = {
      type: 'decision',
      id: request.id,
      at: (request.now ?? new Date()).toISOString(),
      decision: request.decision,
      by: request.by,
      note: request.note ?? null,
    };
    appendLine(workspace.paths.rulesQueue, decision);
    return decision;
  });
}

/** Appends a proposal line (the meta-judge's way in). */
export function appendRuleProposal(workspace: Workspace, proposal: RuleProposal): void {
  appendLine(workspace.paths.rulesQueue, proposal);
}
