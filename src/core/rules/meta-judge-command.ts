import { runProgram } from '../../adapters/spawn.js';
import { AutosweError } from '../../base/errors.js';
import { RULE_KINDS, type RuleKind } from '../runtime/rules-queue.js';
import type { MetaJudgeSettings, ProposalDraft, Proposer } from './meta-judge.js';
import { normalizeText } from './meta-judge.js';

export const META_JUDGE_COMMAND_TIMEOUT_MS = 10 * 60_000;

/**
 * A proposer that runs `meta_judge.command` in the workspace root. It gets on stdin
 * `{"window","revert_threshold","verdicts":[…oldest first],"pending":[…],"rejected":[…]}` and must print
 * `{"proposals":[{"kind","text","rationale","target"}]}` (or the bare array). Anything else is an error.
 */
export function commandProposer(
  command: readonly string[],
  root: string,
  settings: MetaJudgeSettings,
  env: NodeJS.ProcessEnv,
  timeoutMs = META_JUDGE_COMMAND_TIMEOUT_MS,
): Proposer {
  return async (verdicts, records) => {
    const input = JSON.stringify({
      window: settings.window,
      revert_threshold: settings.revertThreshold,
      verdicts,
      pending: records.filter((record) => record.decision === null).map((record) => record.proposal),
      rejected: records
        .filter((record) => record.decision?.decision === 'rejected')
        .map((record) => ({ ...record.proposal, decision: record.decision })),
    });
    const stdout = await runCommand(command, root, input, env, timeoutMs);
    return parseProposals(stdout);
  };
}

async function runCommand(
  command: readonly string[],
  cwd: string,
  input: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<string> {
  const [program, ...args] = command;
  const label = `meta_judge.command (${command.join(' ')})`;
  if (program === undefined) throw new AutosweError(`${label} is empty`);
  const result = await runProgram(program, args, { env, cwd, input, timeoutMs });
  if (result.timedOut) {
    throw new AutosweError(`${label} did not finish within ${Math.round(timeoutMs / 1000)} s`);
  }
  if (result.spawnError !== null) throw new AutosweError(`${label} could not run: ${result.spawnError}`);
  if (result.code === 0) return result.stdout;
  const why = result.stderr.trim().split('\n')[0] || `exit ${result.code}`;
  throw new AutosweError(`${label} failed: ${why}`);
}

/** Validates the command's output into drafts; the first problem is named by its path. */
export function parseProposals(stdout: string): ProposalDraft[] {
  const fail = (message: string): never => {
    throw new AutosweError(`meta_judge.command output: ${message}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  const list = Array.isArray(value) ? value : (value as { proposals?: unknown } | null)?.proposals;
  if (!Array.isArray(list)) return fail('expected {"proposals": [...]} or an array of proposals');
  return list.map((item: unknown, index) => {
    const at = `proposals[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return fail(`${at}: expected an object`);
    const record = item as Record<string, unknown>;
    if (!(RULE_KINDS as readonly unknown[]).includes(record.kind)) {
      return fail(`${at}.kind: expected one of ${RULE_KINDS.join(', ')}, got ${JSON.stringify(record.kind)}`);
    }
    const kind = record.kind as RuleKind;
    const text = nonEmpty(record.text) ?? fail(`${at}.text: expected a non-empty string`);
    const rationale = nonEmpty(record.rationale) ?? fail(`${at}.rationale: expected a non-empty string`);
    const target = nonEmpty(record.target);
    if (kind !== 'additive' && target === null) {
      return fail(`${at}.target: a ${kind} needs the id of the rule it changes`);
    }
    return {
      kind,
      text,
      rationale,
      target: kind === 'additive' ? null : target,
      key: `command:${normalizeText(text)}`,
    };
  });
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
