// Long because RULES_QUEUE is three line kinds, their decoders, the signed view apply trusts, and the writers.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { cutText } from '../../base/terminal-text.js';
import {
  decode,
  type Infer,
  literal,
  looseObject,
  nonEmptyString,
  nonNegativeInt,
  nullable,
  object,
  optional,
  picklist,
  string,
} from './decode.js';
import { digest, existingKey, hasValidSignature, signed } from './signing.js';
import { appendLine, checkedForWrite, parseJsonText, readRuntimeText, withLock } from './store.js';
import { fileStamp, readDerived, writeDerived } from './summaries.js';
import type { Workspace } from './workspace.js';

export const RULE_KINDS = ['additive', 'relaxation', 'removal'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_DECISIONS = ['approved', 'rejected'] as const;
export type RuleDecisionKind = (typeof RULE_DECISIONS)[number];

/**
 * RULES_QUEUE lines (docs/RUNTIME.md section 5), as written. A line that does not decode is kept as text
 * (`malformed`), never fatal. Keys a hand-written line may leave out get the defaults below.
 */
const proposalLine = looseObject({
  type: literal('proposal'),
  id: nonEmptyString,
  at: optional(string),
  kind: picklist(RULE_KINDS),
  text: string,
  rationale: optional(string),
  target: optional(nullable(string)),
  source: optional(string),
  /** Identifies "the same proposal" across meta-judge passes. */
  key: optional(string),
});

const decisionLine = object({
  type: literal('decision'),
  id: nonEmptyString,
  at: optional(string),
  decision: picklist(RULE_DECISIONS),
  by: optional(string),
  note: optional(nullable(string)),
  /** How and where it was decided (`rules-review`, `web`, `tui`, `apply`; the host), and what. */
  via: optional(string),
  host: optional(string),
  proposal_sha: optional(string),
  sig: optional(string),
});

const appliedLine = object({
  type: literal('applied'),
  id: nonEmptyString,
  at: optional(string),
  sig: optional(string),
});

const eventType = object({ type: picklist(['proposal', 'decision', 'applied']) });

type ProposalLine = Infer<typeof proposalLine>;

/** A proposal as read: `at`, `rationale`, `target` and `source` always there. */
export type RuleProposal = ProposalLine & {
  at: string;
  rationale: string;
  target: string | null;
  source: string;
};

export interface RuleDecision {
  type: 'decision';
  id: string;
  at: string;
  decision: RuleDecisionKind;
  by: string;
  note: string | null;
  /** Written by autoswe (signing.ts): how and where it was decided, and the digest of what was decided. */
  via?: string;
  host?: string;
  proposal_sha?: string;
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

/** RULES_QUEUE grows by a few lines an iteration; a file this big is not one autoswe wrote. */
export const MAX_QUEUE_BYTES = 256 * 1024 * 1024;

export function readRulesQueue(workspace: Workspace): RulesQueue {
  const read = readRuntimeText(workspace.paths.rulesQueue, MAX_QUEUE_BYTES);
  if (read.kind === 'missing') return { records: [], malformed: [] };
  if (read.kind === 'corrupt') {
    throw new AutosweError(`cannot read ${workspace.paths.rulesQueue}: it ${read.message}`, EXIT_USAGE);
  }
  if (read.size > MAX_QUEUE_BYTES) {
    throw new AutosweError(
      `${workspace.paths.rulesQueue} is ${read.size} bytes, more than ${MAX_QUEUE_BYTES}; move it aside`,
      EXIT_USAGE,
    );
  }
  return parseRulesQueue(read.text);
}

export function parseRulesQueue(text: string): RulesQueue {
  const proposals = new Map<string, RuleProposal>();
  const decisions = new Map<string, RuleDecision>();
  const applied = new Map<string, RuleApplied>();
  const malformed: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const event = parseRuleEvent(line);
    if (event === undefined) malformed.push(cutText(line, 10_000));
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

/** One RULES_QUEUE line as an event, or undefined when it is not one (kept as text by the caller). */
export function parseRuleEvent(line: string): RuleEvent | undefined {
  const parsed = parseJsonText(line);
  if (!parsed.ok) return undefined;
  const value = parsed.value;
  const typed = decode(eventType, value);
  if (!typed.ok) return undefined;
  if (typed.value.type === 'proposal') {
    const proposal = decode(proposalLine, value);
    if (!proposal.ok) return undefined;
    const event = proposal.value;
    return {
      ...event,
      at: event.at ?? '',
      rationale: event.rationale ?? '',
      target: event.target ?? null,
      source: event.source ?? 'unknown',
    };
  }
  if (typed.value.type === 'decision') {
    const decision = decode(decisionLine, value);
    if (!decision.ok) return undefined;
    const event = decision.value;
    return {
      type: 'decision',
      id: event.id,
      at: event.at ?? '',
      decision: event.decision,
      by: event.by ?? 'unknown',
      note: event.note ?? null,
      ...(event.via === undefined ? {} : { via: event.via }),
      ...(event.host === undefined ? {} : { host: event.host }),
      ...(event.proposal_sha === undefined ? {} : { proposal_sha: event.proposal_sha }),
    };
  }
  const applied = decode(appliedLine, value);
  if (!applied.ok) return undefined;
  return { type: 'applied', id: applied.value.id, at: applied.value.at ?? '' };
}

export function pendingRules(queue: RulesQueue): RuleRecord[] {
  return queue.records.filter(isPending);
}

/** Pending counts, also what rules.summary.json records. */
const ruleCounts = object({
  pending: nonNegativeInt,
  autoApplicable: nonNegativeInt,
  needsApproval: nonNegativeInt,
});

export type RuleCounts = Infer<typeof ruleCounts>;

export function countPendingRules(queue: RulesQueue): RuleCounts {
  const pending = pendingRules(queue);
  const autoApplicable = pending.filter((record) => isAutoApplicable(record.proposal)).length;
  return { pending: pending.length, autoApplicable, needsApproval: pending.length - autoApplicable };
}

/**
 * Pending counts for status, which runs every few seconds while RULES_QUEUE only grows: kept in a derived
 * file per version of the queue (summaries.ts), so the queue is parsed only after it changed.
 */
export function readPendingRuleCounts(workspace: Workspace): RuleCounts {
  const source = fileStamp(workspace.paths.rulesQueue);
  if (source === undefined) return { pending: 0, autoApplicable: 0, needsApproval: 0 };
  const cachePath = join(workspace.runtimeDir, 'rules.summary.json');
  const cached = readDerived(cachePath, source, ruleCounts);
  if (cached !== undefined) return cached;
  const counts = countPendingRules(readRulesQueue(workspace));
  writeDerived(cachePath, source, counts);
  return counts;
}

export interface DecisionRequest {
  readonly id: string;
  readonly decision: RuleDecisionKind;
  readonly by: string;
  /** Where the operator decided: `rules-review` (the default), `web`, `tui`. */
  readonly via?: DecisionVia;
  readonly note?: string | undefined;
  readonly now?: Date;
}

export type DecisionVia = 'rules-review' | 'web' | 'tui' | 'apply';

/** What a decision covers: the proposal's id, kind, text and target, as a digest. */
export function proposalDigest(proposal: RuleProposal): string {
  return digest({ id: proposal.id, kind: proposal.kind, text: proposal.text, target: proposal.target });
}

/**
 * The RULES_QUEUE lines autoswe signed (signing.ts): the first signed decision of each proposal, and
 * the ids of signed proposals. A line without a valid signature was written by something else: a hand,
 * or an agent outside its sandbox. `rules-review apply` acts only on these.
 */
export interface SignedRules {
  readonly decisions: ReadonlyMap<string, RuleDecision>;
  readonly proposals: ReadonlySet<string>;
}

export function readSignedRules(workspace: Workspace): SignedRules {
  const decisions = new Map<string, RuleDecision>();
  const proposals = new Set<string>();
  const key = existingKey(workspace);
  // Not through a link, not a folder (store.ts): what cannot be read is nothing signed.
  const read = readRuntimeText(workspace.paths.rulesQueue);
  if (read.kind !== 'ok' || key === null) return { decisions, proposals };
  const text = read.text;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue;
    }
    if (!hasValidSignature(key, raw)) continue;
    const event = parseRuleEvent(line);
    if (event?.type === 'decision' && !decisions.has(event.id)) decisions.set(event.id, event);
    else if (event?.type === 'proposal') proposals.add(proposalDigest(event));
  }
  return { decisions, proposals };
}

/** Why `apply` may not act on a record's decision, or null when autoswe signed it for this very proposal. */
export function unsignedDecision(record: RuleRecord, signedRules: SignedRules): string | null {
  const decision = signedRules.decisions.get(record.proposal.id);
  if (decision === undefined) {
    return `its decision (${record.decision?.decision ?? 'none'} by ${record.decision?.by ?? 'nobody'}) was not written by 'rules-review', the TUI or the web page (not signed: forged?); decide it again`;
  }
  if (decision.proposal_sha !== proposalDigest(record.proposal)) {
    return 'the proposal was changed after it was decided (its text no longer matches the signed decision); decide it again';
  }
  return null;
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
    // A decision autoswe did not sign (hand-written, or an agent's) does not count: decide it properly.
    const signedDecision = readSignedRules(workspace).decisions.get(request.id);
    if (record.decision !== null && signedDecision !== undefined) {
      throw new AutosweError(
        `rule proposal '${request.id}' was already ${signedDecision.decision} by ${signedDecision.by} at ${signedDecision.at}`,
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
      via: request.via ?? 'rules-review',
      host: hostname(),
      proposal_sha: proposalDigest(record.proposal),
    };
    appendRuleDecision(workspace, decision);
    return decision;
  });
}

/** Appends a proposal line (the meta-judge's way in). Every RULES_QUEUE line is written by these three. */
export function appendRuleProposal(workspace: Workspace, proposal: RuleProposal): void {
  const path = workspace.paths.rulesQueue;
  appendLine(path, signed(workspace, checkedForWrite(path, proposalLine, proposal)));
}

/** Appends a decision line; `decideRule` checks under the lock that the proposal is still pending. */
export function appendRuleDecision(workspace: Workspace, decision: RuleDecision): void {
  const path = workspace.paths.rulesQueue;
  appendLine(path, signed(workspace, checkedForWrite(path, decisionLine, decision)));
}

/** Appends the line saying a proposal's change is now in rules.yaml. */
export function appendRuleApplied(workspace: Workspace, applied: RuleApplied): void {
  const path = workspace.paths.rulesQueue;
  appendLine(path, signed(workspace, checkedForWrite(path, appliedLine, applied)));
}
