import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { errorCode } from '../../base/errors.js';
import type { Closer } from '../runtime/dir-watch.js';
import { fileSize, followFile } from '../runtime/tail.js';
import type { Workspace } from '../runtime/workspace.js';
import { parseTranscriptLine } from './events.js';
import { followActiveTranscript, lastLines } from './read.js';

/**
 * Claude Code's own session file (docs/RUNTIME.md section 9): `<config>/projects/<folder>/<session_id>.jsonl`,
 * `<config>` being `CLAUDE_CONFIG_DIR` or `~/.claude`, `<folder>` the session's cwd with every character
 * outside `[a-zA-Z0-9]` replaced by `-`; a folder name over 200 characters is cut there and gets a hash
 * suffix, which we do not recompute: the folder is the one starting with the cut name and holding the file.
 */
export const PROJECT_FOLDER_MAX = 200;

export function claudeConfigDir(env: NodeJS.ProcessEnv): string {
  const dir = env.CLAUDE_CONFIG_DIR;
  return dir !== undefined && dir !== '' ? dir : join(env.HOME || homedir(), '.claude');
}

export function projectFolderName(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

/** Where Claude Code keeps the session; for a long cwd, the hashed folder that holds it (if it exists yet). */
export function claudeSessionFile(configDir: string, cwd: string, sessionId: string): string {
  const projects = join(configDir, 'projects');
  const name = projectFolderName(cwd);
  const file = `${sessionId}.jsonl`;
  if (name.length <= PROJECT_FOLDER_MAX) return join(projects, name, file);
  const prefix = `${name.slice(0, PROJECT_FOLDER_MAX)}-`;
  let folders: string[] = [];
  try {
    folders = readdirSync(projects).filter((entry) => entry.startsWith(prefix));
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  for (const folder of folders) {
    if (fileSize(join(projects, folder, file)) > 0) return join(projects, folder, file);
  }
  return join(projects, folders[0] ?? `${prefix}?`, file);
}

export interface SessionInit {
  readonly sessionId: string;
  readonly cwd: string | null;
}

/** How far into a stream-json transcript the `init` event is looked for (it is the first line). */
const INIT_SCAN_BYTES = 256 * 1024;

/** The `session_id` (and cwd) of a stream-json transcript's `system`/`init` event, or null before it is written. */
export function readSessionInit(transcript: string): SessionInit | null {
  let fd: number;
  try {
    fd = openSync(transcript, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(INIT_SCAN_BYTES);
    const read = readSync(fd, buffer, 0, INIT_SCAN_BYTES, 0);
    const text = buffer.toString('utf8', 0, read);
    // Only whole lines: the last piece may be a line still being written.
    const lines = text.split('\n').slice(0, -1);
    for (const line of lines) {
      const init = initOf(line);
      if (init !== null) return init;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

function initOf(line: string): SessionInit | null {
  if (!line.includes('"init"')) return null;
  for (const event of parseTranscriptLine(line)) {
    if (event.kind === 'session' && event.sessionId !== null && /^[\w-]+$/.test(event.sessionId)) {
      return { sessionId: event.sessionId, cwd: event.cwd };
    }
  }
  return null;
}

export interface SessionFollowHandlers {
  /** No agent session (ACTIVE missing or empty). */
  onIdle(): void;
  /** The active transcript has no `init` event yet (or is not Claude Code's). */
  onWaitingForInit(transcript: string): void;
  /** Now following this session file (it may not exist yet); `history` are its last lines. */
  onSession(file: string, init: SessionInit, history: readonly string[]): void;
  onLines(lines: readonly string[]): void;
  onError?(error: Error): void;
}

export interface SessionFollowOptions {
  readonly configDir: string;
  /** The cwd to assume when the `init` event names none (the workspace's target). */
  readonly fallbackCwd: string;
  /** Lines of history for the session active at start; a later session is shown whole. */
  readonly history: number;
}

/**
 * `watch-agent --session`: follows the session file of the agent session ACTIVE names, switching with
 * ACTIVE. The session id comes from the stream's `init` event, read when the transcript appears or grows.
 */
export function followActiveSession(
  workspace: Workspace,
  handlers: SessionFollowHandlers,
  options: SessionFollowOptions,
): Closer {
  let session: Closer | undefined;
  let transcript: string | null = null;
  let following = false;
  let first = true;

  const tryStart = () => {
    if (transcript === null || following) return;
    let init: SessionInit | null;
    try {
      init = readSessionInit(transcript);
    } catch (error) {
      handlers.onError?.(error as Error);
      return;
    }
    if (init === null) return;
    following = true;
    const file = claudeSessionFile(options.configDir, init.cwd ?? options.fallbackCwd, init.sessionId);
    const { lines, end } = first ? lastLines(file, options.history) : { lines: [], end: 0 };
    first = false;
    handlers.onSession(file, init, lines);
    session = followFile(file, {
      from: end,
      onLines: (batch) => handlers.onLines(batch.map((line) => line.text)),
      ...(handlers.onError ? { onError: handlers.onError } : {}),
    });
  };

  const stream = followActiveTranscript(
    workspace,
    {
      onSwitch(path) {
        session?.close();
        session = undefined;
        following = false;
        transcript = path;
        if (path === null) {
          first = false;
          handlers.onIdle();
          return;
        }
        tryStart();
        if (!following) handlers.onWaitingForInit(path);
      },
      // The stream's own lines only tell us when its init event may have arrived.
      onLines: () => tryStart(),
      ...(handlers.onError ? { onError: handlers.onError } : {}),
    },
    { history: 0 },
  );
  return {
    close() {
      stream.close();
      session?.close();
    },
  };
}
