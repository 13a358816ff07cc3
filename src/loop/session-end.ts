import type { AgentOutcome } from '../adapters/agents/index.js';
import type { LoopConfig } from '../core/config/types.js';
import type { SessionRecord } from '../core/runtime/session-record.js';
import { runOutcomeCommand } from '../core/session/outcome-command.js';
import { classifyCommandSession, classifySession, type ProcessEnd } from '../core/transcripts/outcome.js';
import type { SessionWatch } from './session-watch.js';

export interface SessionEnd {
  readonly session: SessionRecord;
  /** `agent.outcome_command` could not say (it failed or printed nonsense): a setup error, the loop pauses. */
  readonly setupError: string | null;
}

/** The outcome of the session that just ended: the adapter's classifier, then `agent.outcome_command`. */
export async function sessionEnd(
  config: LoopConfig,
  agent: AgentOutcome,
  watch: SessionWatch,
  transcript: string,
  env: NodeJS.ProcessEnv,
): Promise<SessionEnd> {
  const end: ProcessEnd = {
    exitCode: agent.exitCode,
    exitSignal: agent.exitSignal,
    timedOut: agent.timedOut,
    timeoutMs: config.limits.agent_timeout_ms,
    stopped: agent.stopped ? watch.stopped : null,
    idleMs: config.limits.agent_idle_timeout_ms,
    spawnError: agent.spawnError,
    durationMs: agent.durationMs,
  };
  const facts = watch.tracker.facts();
  if (config.agent.adapter === 'claude-code')
    return { session: classifySession(facts, end), setupError: null };
  const session = classifyCommandSession(facts, end);
  const command = config.agent.outcome_command;
  if (command === null || agent.spawnError !== null) return { session, setupError: null };
  const answer = await runOutcomeCommand({
    command,
    root: config.root,
    cwd: config.target,
    env,
    transcript,
    session,
  });
  return answer.ok ? { session: answer.session, setupError: null } : { session, setupError: answer.message };
}
