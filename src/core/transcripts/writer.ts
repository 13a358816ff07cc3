import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { setActiveTranscript } from '../runtime/active.js';
import type { Workspace } from '../runtime/workspace.js';

/**
 * Agent transcripts (docs/RUNTIME.md section 13): one file per agent session, flat under `transcripts/`, named
 * `<run-id>-iter-<N>.jsonl`. `ACTIVE` holds one line, the absolute path of the newest session's transcript.
 * Lines are what the agent printed: Claude Code stream-json events, or plain text lines from a `command` agent.
 */
export const TRANSCRIPT_NAME = /^(.+)-iter-(\d+)\.jsonl$/;

export interface TranscriptRef {
  readonly run: string;
  readonly iter: number;
  readonly path: string;
}

/** The transcript path of one iteration's agent session. */
export function transcriptPath(workspace: Workspace, run: string, iter: number): string {
  return join(workspace.paths.transcripts, `${run}-iter-${iter}.jsonl`);
}

/** Every transcript, oldest run first then by iteration; `run` limits it to one run. */
export function listTranscripts(workspace: Workspace, run?: string): TranscriptRef[] {
  let names: string[];
  try {
    names = readdirSync(workspace.paths.transcripts);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const refs: TranscriptRef[] = [];
  for (const name of names) {
    const match = TRANSCRIPT_NAME.exec(name);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    if (run !== undefined && match[1] !== run) continue;
    refs.push({ run: match[1], iter: Number(match[2]), path: join(workspace.paths.transcripts, name) });
  }
  return refs.sort((a, b) => (a.run === b.run ? a.iter - b.iter : a.run < b.run ? -1 : 1));
}

/**
 * Moves the transcript of an earlier, unjudged attempt at the same iteration (a usage limit, an API
 * error) to `runs/<run>/iter-<N>.attempt-<K>.jsonl`, so the new session starts a transcript of its own.
 * Returns where it went, or null when there was none.
 */
export function archiveAttempt(workspace: Workspace, run: string, iter: number): string | null {
  const path = transcriptPath(workspace, run, iter);
  const size = statSync(path, { throwIfNoEntry: false })?.size;
  if (size === undefined) return null;
  const dir = join(workspace.paths.runs, run);
  mkdirSync(dir, { recursive: true });
  let attempt = 1;
  while (existsSync(join(dir, `iter-${iter}.attempt-${attempt}.jsonl`))) attempt++;
  const archived = join(dir, `iter-${iter}.attempt-${attempt}.jsonl`);
  renameSync(path, archived);
  return archived;
}

/** Creates the (empty) transcript of a new session, then points ACTIVE at it, so ACTIVE never names a missing file. */
export async function startTranscript(workspace: Workspace, run: string, iter: number): Promise<string> {
  const path = transcriptPath(workspace, run, iter);
  mkdirSync(workspace.paths.transcripts, { recursive: true });
  closeSync(openSync(path, 'a'));
  await setActiveTranscript(workspace, path);
  return path;
}

/**
 * Appends whole lines to a transcript as they arrive, each with one write call (O_APPEND), so a
 * reader following the file never sees half a line.
 */
export class TranscriptWriter {
  readonly path: string;
  #fd: number | null;

  constructor(path: string) {
    this.path = path;
    mkdirSync(join(path, '..'), { recursive: true });
    this.#fd = openSync(path, 'a');
  }

  line(text: string): void {
    if (this.#fd === null) return;
    writeSync(this.#fd, text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A line the agent printed: stdout as it is (stream-json stays JSON Lines), stderr prefixed `[stderr] `. */
  agentLine(stream: 'stdout' | 'stderr', text: string): void {
    this.line(stream === 'stdout' ? text : `[stderr] ${text}`);
  }

  close(): void {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
  }
}
