import { rmSync } from 'node:fs';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { terminalLine } from '../../base/terminal-text.js';
import { recordEvent } from '../events/record.js';
import {
  isAutoApplicable,
  proposalDigest,
  type RuleProposal,
  type RuleRecord,
  readRulesQueue,
  readSignedRules,
  type SignedRules,
  unsignedDecision,
} from '../runtime/rules-queue.js';
import { readRuntimeText, withLock, writeFileAtomic } from '../runtime/store.js';
import type { Workspace } from '../runtime/workspace.js';
import {
  type ApplyIntent,
  applyIntentPath,
  completeInterruptedApply,
  recordApplied,
  sha256Text,
  stampRulesInLock,
  writeApplyIntent,
} from './apply-intent.js';

/** One rule of `<root>/rules.yaml`. */
export interface Rule {
  id: string;
  text: string;
  [key: string]: unknown;
}

export interface ApplyOutcome {
  readonly applied: readonly RuleProposal[];
  /** Proposals an earlier apply wrote into rules.yaml but died before recording (apply-intent.ts). */
  readonly completed?: readonly string[];
  readonly skipped: readonly { readonly proposal: RuleProposal; readonly why: string }[];
}

/** Reads rules.yaml as a list of rules; missing → empty; not a list of {id, text} → usage error. */
export async function readRules(workspace: Workspace): Promise<Rule[]> {
  const text = readRulesText(workspace);
  if (text === undefined) return [];
  const { parse } = await import('yaml');
  return toRuleList(workspace, parseYaml(workspace, text, parse));
}

/** rules.yaml's text; missing → undefined; a folder, a link, binary or an unreadable file → usage error. */
function readRulesText(workspace: Workspace): string | undefined {
  const read = readRuntimeText(workspace.paths.rulesYaml, MAX_RULES_BYTES);
  if (read.kind === 'missing') return undefined;
  if (read.kind === 'corrupt') {
    throw new AutosweError(`cannot read ${workspace.paths.rulesYaml}: it ${read.message}`, EXIT_USAGE);
  }
  if (read.size > MAX_RULES_BYTES) {
    throw new AutosweError(
      `${workspace.paths.rulesYaml} is ${read.size} bytes, more than ${MAX_RULES_BYTES}`,
      EXIT_USAGE,
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: binary in a YAML file is the point
  if (/[\u0000-\u0008\u000e-\u001f]/.test(read.text) || read.text.includes('\ufffd')) {
    throw new AutosweError(
      `${workspace.paths.rulesYaml} holds binary (control characters or invalid UTF-8), not YAML`,
      EXIT_USAGE,
    );
  }
  return read.text;
}

/** rules.yaml holds a few dozen rules; a file this big is not one. */
const MAX_RULES_BYTES = 16 * 1024 * 1024;

function parseYaml(workspace: Workspace, text: string, parse: (text: string) => unknown): unknown {
  try {
    return parse(text);
  } catch (error) {
    // The parser quotes the text around the error across lines: one safe line of it.
    throw new AutosweError(
      `${workspace.paths.rulesYaml} is not valid YAML: ${terminalLine((error as Error).message.split('\n')[0] ?? '', 200)}`,
      EXIT_USAGE,
    );
  }
}

function toRuleList(workspace: Workspace, value: unknown): Rule[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value))
    throw new AutosweError(`${workspace.paths.rulesYaml} must be a YAML list of rules`, EXIT_USAGE);
  return value.map((item, index) => {
    if (
      item === null ||
      typeof item !== 'object' ||
      typeof item.id !== 'string' ||
      typeof item.text !== 'string'
    ) {
      throw new AutosweError(
        `${workspace.paths.rulesYaml}: item ${index + 1} needs string 'id' and 'text'`,
        EXIT_USAGE,
      );
    }
    return item as Rule;
  });
}

/** Which records `apply` takes: approved ones, and additive ones nobody rejected; never twice. */
export function applicable(record: RuleRecord): boolean {
  if (record.applied !== null) return false;
  if (record.decision === null) return isAutoApplicable(record.proposal);
  return record.decision.decision === 'approved';
}

/**
 * Writes approved and auto-applicable (additive) proposals into rules.yaml, then appends an `applied`
 * line for each (and an automatic approval for additive proposals nobody decided). Holds the lock.
 */
export async function applyRules(
  workspace: Workspace,
  by: string,
  now: Date = new Date(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ApplyOutcome> {
  return withLock(workspace.runtimeDir, workspace.paths.lock, async () => {
    const completed = await completeInterruptedApply(workspace, now);
    const done = completed.length > 0 ? { completed } : {};
    const signedRules = readSignedRules(workspace);
    const records = readRulesQueue(workspace).records.filter(
      (record) => applicable(record) || forgedDecisionOver(record, signedRules),
    );
    if (records.length === 0) return { applied: [], skipped: [], ...done };
    const rules = await readRules(workspace);
    const applied: RuleRecord[] = [];
    const skipped: { proposal: RuleProposal; why: string }[] = [];
    for (const record of records) {
      // Only what autoswe signed counts (docs/SECURITY.md): a decision written past rules-review, the TUI
      // and the web page, or an unreviewed proposal nobody signed, is refused, never carried out.
      const refused = refusal(record, signedRules);
      if (refused !== null) {
        skipped.push({ proposal: record.proposal, why: refused });
        continue;
      }
      const why = applyOne(rules, record.proposal, now);
      if (why === undefined) applied.push(record);
      else skipped.push({ proposal: record.proposal, why });
    }
    if (applied.length > 0) {
      const { stringify } = await import('yaml');
      const old = readRulesText(workspace);
      const text = `${leadingComments(old ?? '')}${stringify(rules)}`;
      const intent: ApplyIntent = {
        at: now.toISOString(),
        by,
        ids: applied.map((record) => record.proposal.id),
        auto: applied.filter((record) => record.decision === null).map((record) => record.proposal.id),
        before_sha256: old === undefined ? null : sha256Text(old),
        after_sha256: sha256Text(text),
      };
      // Intent, rules.yaml, LOCK.json, the lines, then the intent removed: a kill anywhere is completed
      // by the next apply (or never happened).
      await writeApplyIntent(workspace, intent);
      await writeFileAtomic(workspace.paths.rulesYaml, text);
      await stampRulesInLock(workspace, intent.before_sha256, intent.after_sha256);
      recordApplied(workspace, intent, now.toISOString());
      rmSync(applyIntentPath(workspace), { force: true });
    }
    for (const record of applied) {
      recordEvent(
        workspace,
        {
          at: now.toISOString(),
          type: 'rule.applied',
          by,
          reason: record.proposal.text,
          rule: record.proposal.id,
          kind: record.proposal.kind,
        },
        env,
      );
    }
    return { applied: applied.map((record) => record.proposal), skipped, ...done };
  });
}

/** How many proposals `apply` would write into rules.yaml now: applicable ones it would not refuse. */
export function countToApply(workspace: Workspace): number {
  const signedRules = readSignedRules(workspace);
  return readRulesQueue(workspace).records.filter(
    (record) =>
      (applicable(record) || forgedDecisionOver(record, signedRules)) &&
      refusal(record, signedRules) === null,
  ).length;
}

/**
 * Why `apply` refuses a record it would otherwise take: an approval autoswe did not sign for this very
 * proposal, or an additive proposal taken without a decision that autoswe did not sign itself.
 */
function refusal(record: RuleRecord, signedRules: SignedRules): string | null {
  if (record.decision === null) {
    return signedRules.proposals.has(proposalDigest(record.proposal))
      ? null
      : "it is additive and undecided, but autoswe did not write it (not signed: forged?); approve it with 'autoswe rules-review approve ID' if you want it";
  }
  const signedDecision = signedRules.decisions.get(record.proposal.id);
  if (signedDecision !== undefined && signedDecision.decision !== 'approved') {
    return `it was ${signedDecision.decision} by ${signedDecision.by} at ${signedDecision.at}; a later approval line is not autoswe's (forged?)`;
  }
  return unsignedDecision(record, signedRules);
}

/**
 * A record whose first decision line is not autoswe's: `applicable` reads that line, so a forged
 * rejection would hide a signed approval, and a forged approval must be reported, not silently skipped.
 */
function forgedDecisionOver(record: RuleRecord, signedRules: SignedRules): boolean {
  if (record.applied !== null || record.decision === null) return false;
  const signedDecision = signedRules.decisions.get(record.proposal.id);
  if (signedDecision === undefined) return record.decision.decision === 'approved';
  return signedDecision.decision === 'approved';
}

/** The comment block at the top of rules.yaml, kept when the list below it is rewritten. */
function leadingComments(text: string): string {
  return /^(?:[ \t]*#.*\n)*/.exec(text)?.[0] ?? '';
}

/** Changes `rules` in place; returns why the proposal could not be applied, if it could not. */
function applyOne(rules: Rule[], proposal: RuleProposal, now: Date): string | undefined {
  if (proposal.kind === 'additive') {
    if (rules.some((rule) => rule.id === proposal.id))
      return `rules.yaml already has a rule '${proposal.id}'`;
    rules.push({
      id: proposal.id,
      text: proposal.text,
      source: proposal.source,
      added_at: now.toISOString(),
    });
    return undefined;
  }
  const index = rules.findIndex((rule) => rule.id === proposal.target);
  if (proposal.target === null || index < 0) {
    return `its target rule '${proposal.target ?? '(none)'}' is not in rules.yaml`;
  }
  if (proposal.kind === 'removal') rules.splice(index, 1);
  else rules[index] = { ...rules[index], id: proposal.target, text: proposal.text, relaxed_by: proposal.id };
  return undefined;
}
