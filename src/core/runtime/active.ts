import { AutosweError } from '../../base/errors.js';
import { readRuntimeText, writeFileAtomic } from './store.js';
import type { Workspace } from './workspace.js';

/**
 * ACTIVE (docs/RUNTIME.md section 13): one line, the absolute path of the transcript of the agent session
 * running now. Text, so decoding it is taking its first line.
 */
export function decodeActive(text: string): string | null {
  const line = text.split('\n', 1)[0]?.trim() ?? '';
  return line === '' ? null : line;
}

/** The path ACTIVE names, or null when there is none (missing, or nothing on its first line). */
export function readActiveTranscript(workspace: Workspace): string | null {
  // One path: a few KiB is plenty, a huge or binary ACTIVE is not read whole.
  const read = readRuntimeText(workspace.paths.active, 8192);
  if (read.kind === 'missing') return null;
  if (read.kind === 'corrupt')
    throw new AutosweError(`cannot read ${workspace.paths.active}: it ${read.message}`);
  return decodeActive(read.text);
}

/** Points ACTIVE at a transcript: one line, the absolute path, replaced atomically. */
export function setActiveTranscript(workspace: Workspace, path: string): Promise<void> {
  return writeFileAtomic(workspace.paths.active, `${path}\n`);
}
