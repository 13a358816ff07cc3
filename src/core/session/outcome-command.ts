import { withAgentProgram } from '../../adapters/agents/program.js';
import { runProgram } from '../../adapters/spawn.js';
import { decode, looseObject, number, optional, picklist, string } from '../runtime/decode.js';
import { SESSION_OUTCOMES, type SessionRecord } from '../runtime/session-record.js';

export const OUTCOME_COMMAND_TIMEOUT_MS = 60_000;

/** What `agent.outcome_command` prints: `{"outcome", "reason"?, "resets_at"?}` (docs/CONFIG.md). */
const outcomeAnswer = looseObject({
  outcome: picklist(SESSION_OUTCOMES),
  reason: optional(string),
  /** Epoch seconds, or an ISO timestamp. */
  resets_at: optional(string),
  resets_at_epoch: optional(number),
});

export type OutcomeCommandResult =
  | { readonly ok: true; readonly session: SessionRecord }
  | { readonly ok: false; readonly message: string };

export interface OutcomeCommandRequest {
  readonly command: readonly string[];
  /** The workspace root: a relative program (`./bin/outcome`) is taken from there, as agent.command's is. */
  readonly root: string;
  /** Where it runs: the target. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly transcript: string;
  /** The session as its exit and the timers describe it; the command's answer replaces outcome and reason. */
  readonly session: SessionRecord;
  readonly timeoutMs?: number;
}

/**
 * Runs `agent.outcome_command` after a `command` agent's session: `{transcript}` in its arguments, and
 * AUTOSWE_TRANSCRIPT, AUTOSWE_AGENT_EXIT and AUTOSWE_AGENT_OUTCOME (the exit-based outcome) in its
 * environment. Its stdout must be one JSON object; anything else is a setup error naming it.
 */
export async function runOutcomeCommand(request: OutcomeCommandRequest): Promise<OutcomeCommandResult> {
  // Never a program from the target, which the agent it judges can write.
  const argv = withAgentProgram(request.command, request.root).map((arg) =>
    arg.replaceAll('{transcript}', request.transcript),
  );
  const [program, ...args] = argv;
  const label = `agent.outcome_command (${request.command.join(' ')})`;
  if (program === undefined) return { ok: false, message: `${label} is empty` };
  const result = await runProgram(program, args, {
    cwd: request.cwd,
    env: {
      ...request.env,
      AUTOSWE_TRANSCRIPT: request.transcript,
      AUTOSWE_AGENT_EXIT: request.session.exit_code == null ? '' : String(request.session.exit_code),
      AUTOSWE_AGENT_OUTCOME: request.session.outcome,
    },
    timeoutMs: request.timeoutMs ?? OUTCOME_COMMAND_TIMEOUT_MS,
    maxBytes: 64 * 1024,
  });
  if (result.error !== null) return { ok: false, message: `${label}: ${result.error}` };
  if (result.code !== 0) {
    const why = result.stderr.trim().split('\n')[0] || `exit ${result.code}`;
    return { ok: false, message: `${label} failed: ${why}` };
  }
  return parseOutcomeAnswer(result.stdout, label, request.session);
}

/** The command's stdout, decoded; the session with its outcome, reason and reset time. */
export function parseOutcomeAnswer(
  stdout: string,
  label: string,
  session: SessionRecord,
): OutcomeCommandResult {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return {
      ok: false,
      message: `${label} printed no JSON object: ${JSON.stringify(stdout.trim().slice(0, 80))}`,
    };
  }
  // `resets_at` may be epoch seconds (a number) or an ISO string; the decoder takes the string form.
  const raw = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  const normalized =
    raw !== undefined && typeof raw.resets_at === 'number'
      ? { ...raw, resets_at: undefined, resets_at_epoch: raw.resets_at }
      : value;
  const answer = decode(outcomeAnswer, normalized);
  if (!answer.ok) return { ok: false, message: `${label} output: ${answer.message}` };
  const next: SessionRecord = { ...session, outcome: answer.value.outcome };
  if (answer.value.reason !== undefined) next.reason = answer.value.reason.replace(/\s+/g, ' ').trim();
  else delete next.reason;
  const resets =
    answer.value.resets_at_epoch !== undefined
      ? answer.value.resets_at_epoch * 1000
      : answer.value.resets_at !== undefined
        ? Date.parse(answer.value.resets_at)
        : Number.NaN;
  if (Number.isFinite(resets)) next.resets_at = new Date(resets).toISOString();
  return { ok: true, session: next };
}
