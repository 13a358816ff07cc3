import { readFileSync } from 'node:fs';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { recordEvent } from '../events/record.js';
import {
  appendRuleApplied,
  appendRuleDecision,
  isAutoApplicable,
  type RuleProposal,
  type RuleRecord,
  readRulesQueue,
} from '../runtime/rules-queue.js';
import { withLock, writeFileAtomic } from '../runtime/store.js';
import type { Workspace } from '../runtime/workspace.js';

/** One rule of `<root>/rules.yaml`. */
export interface Rule {
  id: string;
  text: string;
  [key: string]: unknown;
}

export interface ApplyOutcome {
  readonly applied: readonly RuleProposal[];
  readonly skipped: readonly { readonly proposal: RuleProposal; readonly why: string }[];
}

/** Reads rules.yaml as a list of rules; missing → empty; not a list of {id, text} → usage error. */
export async function readRules(workspace: Workspace): Promise<Rule[]> {
  const text = readRulesText(workspace);
  if (text === undefined) return [];
  const { parse } = await import('yaml');
  return toRuleList(workspace, parseYaml(workspace, text, parse));
}

function readRulesText(workspace: Workspace): string | undefined {
  try {
    return readFileSync(workspace.paths.rulesYaml, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AutosweError(`cannot read ${workspace.paths.rulesYaml}: ${(error as Error).message}`);
  }
}

function parseYaml(workspace: Workspace, text: string, parse: (text: string) => unknown): unknown {
  try {
    return parse(text);
  } catch (error) {
    throw new AutosweError(
      `${workspace.paths.rulesYaml} is not valid YAML: ${(error as Error).message}`,
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
    const records = readRulesQueue(workspace).records.filter(applicable);
    if (records.length === 0) return { applied: [], skipped: [] };
    const rules = await readRules(workspace);
    const applied: RuleRecord[] = [];
    const skipped: { proposal: RuleProposal; why: string }[] = [];
    for (const record of records) {
      const why = applyOne(rules, record.proposal, now);
      if (why === undefined) applied.push(record);
      else skipped.push({ proposal: record.proposal, why });
    }
    if (applied.length > 0) {
      const { stringify } = await import('yaml');
      const header = leadingComments(readRulesText(workspace) ?? '');
      await writeFileAtomic(workspace.paths.rulesYaml, `${header}${stringify(rules)}`);
    }
    const at = now.toISOString();
    for (const record of applied) {
      if (record.decision === null) {
        appendRuleDecision(workspace, {
          type: 'decision',
          id: record.proposal.id,
          at,
          decision: 'approved',
          by,
          note: 'auto-applied (additive)',
        });
      }
      appendRuleApplied(workspace, { type: 'applied', id: record.proposal.id, at });
      recordEvent(
        workspace,
        {
          at,
          type: 'rule.applied',
          by,
          reason: record.proposal.text,
          rule: record.proposal.id,
          kind: record.proposal.kind,
        },
        env,
      );
    }
    return { applied: applied.map((record) => record.proposal), skipped };
  });
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
