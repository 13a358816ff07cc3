import { randomBytes } from 'node:crypto';
import { recordEvent } from '../events/record.js';
import {
  appendRuleProposal,
  type RuleKind,
  type RuleProposal,
  type RuleRecord,
  readRulesQueue,
} from '../runtime/rules-queue.js';
import { withLock } from '../runtime/store.js';
import { queryVerdicts, type Verdict } from '../runtime/verdicts.js';
import type { Workspace } from '../runtime/workspace.js';

/** A proposal before it gets an id and a time. `key` identifies "the same proposal" across passes. */
export interface ProposalDraft {
  readonly kind: RuleKind;
  readonly text: string;
  readonly rationale: string;
  readonly target: string | null;
  readonly key: string;
  /** Set when re-proposing on evidence newer than a rejection: rejections up to this time do not block it. */
  readonly renewsAfter?: string;
}

export interface MetaJudgeSettings {
  /** How many of the most recent verdicts are considered. */
  readonly window: number;
  /** REVERTs on one module for the same reason before a rule is proposed. */
  readonly revertThreshold: number;
}

/** Produces drafts from the recent verdicts: the built-in heuristic, or a configured command. */
export type Proposer = (
  verdicts: readonly Verdict[],
  queue: readonly RuleRecord[],
) => Promise<ProposalDraft[]>;

export interface MetaJudgeReport {
  readonly at: string;
  readonly source: 'built-in' | 'command';
  /** Verdicts considered (valid lines within the window). */
  readonly considered: number;
  readonly proposed: readonly RuleProposal[];
  /** Drafts not appended, and why (a pending or accepted proposal already says the same). */
  readonly skipped: readonly { readonly text: string; readonly why: string }[];
}

export interface MetaJudgeOptions {
  readonly source: MetaJudgeReport['source'];
  readonly proposer: Proposer;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/**
 * One pass: reads the last `window` verdicts, asks the proposer for drafts, and appends those that no
 * pending or accepted proposal already covers. The queue is re-read under the lock before appending.
 */
export async function metaJudgePass(
  workspace: Workspace,
  settings: MetaJudgeSettings,
  options: MetaJudgeOptions,
): Promise<MetaJudgeReport> {
  const now = options.now ?? (() => new Date());
  const verdicts = recentVerdicts(workspace, settings.window);
  const drafts = await options.proposer(verdicts, readRulesQueue(workspace).records);
  return withLock(workspace.runtimeDir, workspace.paths.lock, async () => {
    const records = readRulesQueue(workspace).records;
    const proposed: RuleProposal[] = [];
    const skipped: { text: string; why: string }[] = [];
    for (const draft of drafts) {
      const why = duplicateOf(draft, [...records, ...proposed.map(asRecord)]);
      if (why !== null) {
        skipped.push({ text: draft.text, why });
        continue;
      }
      const proposal: RuleProposal = {
        type: 'proposal',
        id: (options.newId ?? newRuleId)(),
        at: now().toISOString(),
        kind: draft.kind,
        text: draft.text,
        rationale: draft.rationale,
        target: draft.target,
        source: 'meta-judge',
        key: draft.key,
      };
      appendRuleProposal(workspace, proposal);
      proposed.push(proposal);
      recordEvent(workspace, {
        at: proposal.at,
        type: 'rule.proposed',
        by: 'meta-judge',
        reason: proposal.text,
        rule: proposal.id,
        kind: proposal.kind,
      });
    }
    return {
      at: now().toISOString(),
      source: options.source,
      considered: verdicts.length,
      proposed,
      skipped,
    };
  });
}

/** The valid verdicts among the last `window` lines, oldest first. */
export function recentVerdicts(workspace: Workspace, window: number): Verdict[] {
  return queryVerdicts(workspace, { limit: window })
    .entries.flatMap((entry) => (entry.kind === 'verdict' ? [entry.verdict] : []))
    .reverse();
}

function newRuleId(): string {
  return `r-${randomBytes(5).toString('hex')}`;
}

function asRecord(proposal: RuleProposal): RuleRecord {
  return { proposal, decision: null, applied: null };
}

/** Same proposal: same key, or the same text once case, numbers and spacing are set aside. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .replace(/[\s.;:!]+$/, '')
    .trim();
}

function sameProposal(draft: ProposalDraft, proposal: RuleProposal): boolean {
  return proposal.key === draft.key || normalizeText(proposal.text) === normalizeText(draft.text);
}

/** Why a draft must not be appended, or null. A rejected proposal comes back only on newer evidence. */
function duplicateOf(draft: ProposalDraft, records: readonly RuleRecord[]): string | null {
  for (const record of records) {
    if (!sameProposal(draft, record.proposal)) continue;
    const decision = record.decision;
    if (decision === null) return `already pending as ${record.proposal.id}`;
    if (decision.decision === 'approved') return `already approved as ${record.proposal.id}`;
    if (draft.renewsAfter === undefined || decision.at > draft.renewsAfter) {
      return `rejected as ${record.proposal.id} by ${decision.by} at ${decision.at}`;
    }
  }
  return null;
}

/** The decision time of the latest rejection of a proposal with this key, for "new evidence only". */
export function rejectedAt(key: string, records: readonly RuleRecord[]): string | null {
  let latest: string | null = null;
  for (const record of records) {
    if (record.proposal.key !== key || record.decision?.decision !== 'rejected') continue;
    if (latest === null || record.decision.at > latest) latest = record.decision.at;
  }
  return latest;
}

/** What "the same reason" means: case, numbers and spacing aside (`3 cells regressed` ≈ `2 cells regressed`). */
export function reasonKey(reason: string): string {
  return normalizeText(reason);
}

/**
 * The built-in proposer: an additive rule for each module reverted `revertThreshold` times or more for the
 * same reason within the window (counting, after a rejection of that rule, only REVERTs since).
 */
export function repeatedRevertProposer(settings: MetaJudgeSettings): Proposer {
  return async (verdicts, records) => {
    const groups = new Map<string, Verdict[]>();
    for (const verdict of verdicts) {
      if (verdict.verdict !== 'REVERT') continue;
      const key = `revert:${verdict.module}:${reasonKey(verdict.reason ?? '')}`;
      groups.set(key, [...(groups.get(key) ?? []), verdict]);
    }
    const drafts: ProposalDraft[] = [];
    for (const [key, group] of groups) {
      const since = rejectedAt(key, records);
      const evidence = since === null ? group : group.filter((verdict) => verdict.at > since);
      if (evidence.length < settings.revertThreshold) continue;
      drafts.push({
        ...revertDraft(key, evidence, settings, since),
        ...(since === null ? {} : { renewsAfter: since }),
      });
    }
    return drafts;
  };
}

function revertDraft(
  key: string,
  evidence: Verdict[],
  settings: MetaJudgeSettings,
  since: string | null,
): ProposalDraft {
  const latest = evidence.at(-1) as Verdict;
  const reason = (latest.reason ?? '').trim() || 'no reason given';
  const iterations = evidence.map((verdict) => `${verdict.epoch ?? 0}.${verdict.iter ?? '?'}`).join(', ');
  const after = since === null ? '' : ` since the previous proposal was rejected at ${since}`;
  return {
    kind: 'additive',
    key,
    target: null,
    text: `When working on module '${latest.module}', make sure the change cannot end like this again: ${reason}`,
    rationale:
      `${evidence.length} REVERT verdicts on module '${latest.module}' for the same reason ("${reason}") ` +
      `within the last ${settings.window} verdicts${after} (epoch.iter ${iterations}); the threshold is ${settings.revertThreshold}.`,
  };
}
