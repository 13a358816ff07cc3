import { spawn } from 'node:child_process';
import { LineSplitter, TranscriptWriter } from '../../core/transcripts/writer.js';

/** One agent session as the loop asks for it; both adapters take the same request. */
export interface AgentRequest {
  readonly prompt: string;
  /** The prompt also as a file (runs/<id>/iter-<N>.prompt.md), for agents that prefer reading one. */
  readonly promptFile: string;
  readonly module: string;
  /** The target checkout; the agent's working directory. */
  readonly workdir: string;
  /** Transcript file the session's output lines are appended to. */
  readonly transcript: string;
  /** Shell command line of `autoswe hook pre-tool-use` for this workspace. */
  readonly hookCommand: string;
  /** Where an adapter may write files of its own for this session (the run's folder). */
  readonly sessionDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Aborting stops the session: SIGTERM to its process group, SIGKILL after the grace period. */
  readonly signal: AbortSignal;
  readonly graceMs?: number;
}

export interface AgentOutcome {
  readonly argv: readonly string[];
  readonly exitCode: number | null;
  readonly exitSignal: string | null;
  readonly timedOut: boolean;
  /** Stopped because the request's signal aborted (SIGTERM/SIGINT to the loop). */
  readonly aborted: boolean;
  readonly durationMs: number;
  /** Why it could not start at all (program not found), when that happened. */
  readonly spawnError: string | null;
}

export const DEFAULT_GRACE_MS = 5_000;

/** Linux caps one argument at 128 KiB; a prompt beyond this is handed over as its file instead. */
export const MAX_PROMPT_ARG_CHARS = 100_000;

/** The prompt as an argument: itself, or, when too long for argv, a pointer to the prompt file. */
export function promptArgument(request: Pick<AgentRequest, 'prompt' | 'promptFile'>): string {
  if (request.prompt.length <= MAX_PROMPT_ARG_CHARS) return request.prompt;
  return `Your task is too long to pass here: read it in full from ${request.promptFile} first, then do it.`;
}

/**
 * Runs the agent program in its own process group (so it can be signalled whole), appends every stdout
 * line to the transcript as it is (stream-json stays JSON Lines) and every stderr line prefixed
 * `[stderr] `, and stops it on timeout or abort.
 */
export function runAgentProcess(
  argv: readonly string[],
  request: AgentRequest,
  env: NodeJS.ProcessEnv,
): Promise<AgentOutcome> {
  const started = Date.now();
  const [program, ...args] = argv;
  const transcript = new TranscriptWriter(request.transcript);
  return new Promise((resolveOutcome) => {
    if (program === undefined) throw new Error('empty agent command');
    const child = spawn(program, args, {
      cwd: request.workdir,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    let aborted = false;
    let spawnError: string | null = null;
    const stdout = new LineSplitter((line) => transcript.line(line));
    const stderr = new LineSplitter((line) => transcript.line(`[stderr] ${line}`));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));

    const stopper = groupStopper(child.pid, request.graceMs ?? DEFAULT_GRACE_MS);
    const onAbort = () => {
      aborted = true;
      stopper.stop();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopper.stop();
    }, request.timeoutMs);
    if (request.signal.aborted) onAbort();
    else request.signal.addEventListener('abort', onAbort, { once: true });
    // If the loop itself dies, take the agent's group with it.
    const onExit = () => stopper.kill();
    process.on('exit', onExit);

    child.on('error', (error) => {
      spawnError = `cannot start ${program}: ${error.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      stopper.dispose();
      request.signal.removeEventListener('abort', onAbort);
      process.off('exit', onExit);
      stdout.flush();
      stderr.flush();
      if (spawnError !== null) transcript.line(`[autoswe] ${spawnError}`);
      transcript.close();
      resolveOutcome({
        argv,
        exitCode: code,
        exitSignal: signal,
        timedOut,
        aborted,
        durationMs: Date.now() - started,
        spawnError,
      });
    });
  });
}

interface GroupStopper {
  /** SIGTERM to the group now, SIGKILL after the grace period if anything is left. */
  stop(): void;
  /** SIGKILL to the group now. */
  kill(): void;
  dispose(): void;
}

function groupStopper(pid: number | undefined, graceMs: number): GroupStopper {
  let killTimer: NodeJS.Timeout | undefined;
  const signal = (name: NodeJS.Signals) => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, name);
    } catch {
      // The group is already gone.
    }
  };
  return {
    stop() {
      if (killTimer !== undefined) return;
      signal('SIGTERM');
      killTimer = setTimeout(() => signal('SIGKILL'), graceMs);
    },
    kill() {
      signal('SIGKILL');
    },
    dispose() {
      if (killTimer !== undefined) clearTimeout(killTimer);
      // Anything the agent left running in its group goes with it.
      signal('SIGKILL');
    },
  };
}
