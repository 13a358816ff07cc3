import { type OutputStream, runProgram } from '../spawn.js';

/** One agent session as the loop asks for it; both adapters take the same request. */
export interface AgentRequest {
  readonly prompt: string;
  /** The prompt also as a file (runs/<id>/iter-<N>.prompt.md), for agents that prefer reading one. */
  readonly promptFile: string;
  readonly module: string;
  /** The target checkout; the agent's working directory. */
  readonly workdir: string;
  /** Each line the session prints, as it comes (the loop appends them to the transcript). */
  readonly onLine: (stream: OutputStream, line: string) => void;
  /** Shell command line of `autoswe hook pre-tool-use` for this workspace. */
  readonly hookCommand: string;
  /** Where an adapter may write files of its own for this session (the run's folder). */
  readonly sessionDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Aborting stops the session: SIGTERM to its process group, SIGKILL after the grace period. */
  readonly signal: AbortSignal;
  /** Aborting ends the session the same way, as the loop's own decision (idle, hung after its result). */
  readonly stop?: AbortSignal | undefined;
}

export interface AgentOutcome {
  readonly argv: readonly string[];
  readonly exitCode: number | null;
  readonly exitSignal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** Stopped because the request's signal aborted (SIGTERM/SIGINT to the loop). */
  readonly aborted: boolean;
  /** Stopped because the request's `stop` aborted. */
  readonly stopped: boolean;
  readonly durationMs: number;
  /** Why it could not start at all (`cannot start claude: command not found`), when that happened. */
  readonly spawnError: string | null;
}

/** Between SIGTERM to the agent's group and SIGKILL: time for it to end its turn and exit cleanly. */
export const AGENT_GRACE_MS = 5_000;

/** Linux caps one argument at 128 KiB; a prompt beyond this is handed over as its file instead. */
export const MAX_PROMPT_ARG_CHARS = 100_000;

/** The prompt as an argument: itself, or, when too long for argv, a pointer to the prompt file. */
export function promptArgument(request: Pick<AgentRequest, 'prompt' | 'promptFile'>): string {
  if (request.prompt.length <= MAX_PROMPT_ARG_CHARS) return request.prompt;
  return `Your task is too long to pass here: read it in full from ${request.promptFile} first, then do it.`;
}

/**
 * Runs the agent program through the spawn adapter: its own process group (so it can be signalled whole),
 * every output line to `request.onLine` as it comes, stopped on timeout or abort (SIGTERM to the group,
 * SIGKILL after the grace period), and the group killed if the loop itself exits.
 */
export async function runAgentProcess(
  argv: readonly string[],
  request: AgentRequest,
  env: NodeJS.ProcessEnv,
): Promise<AgentOutcome> {
  const [program, ...args] = argv;
  if (program === undefined) throw new Error('empty agent command');
  const result = await runProgram(program, args, {
    env,
    cwd: request.workdir,
    timeoutMs: request.timeoutMs,
    signal: request.stop === undefined ? request.signal : AbortSignal.any([request.signal, request.stop]),
    graceMs: AGENT_GRACE_MS,
    onLine: request.onLine,
  });
  return {
    argv,
    exitCode: result.code,
    exitSignal: result.signal,
    timedOut: result.timedOut,
    aborted: result.aborted && request.signal.aborted,
    stopped: result.aborted && !request.signal.aborted && request.stop?.aborted === true,
    durationMs: result.durationMs,
    spawnError: result.spawnError === null ? null : `cannot start ${result.spawnError}`,
  };
}
