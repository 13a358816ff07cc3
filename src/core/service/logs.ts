import { followJournal, type JournalEntry, readJournal, requireJournalctl } from '../../adapters/journal.js';
import { SERVICE_UNIT } from '../../adapters/systemd.js';
import type { Workspace } from '../runtime/workspace.js';
import { otherLogPlaces } from './log-places.js';

export type { JournalEntry };

/** The journal of autoswe.service, as `autoswe logs` shows it. */
export interface ServiceLog {
  readonly unit: string;
  /** The last `lines` entries, oldest first (none for 0). */
  read(lines: number): Promise<JournalEntry[]>;
  /** Each entry after `cursor` (or from now) until Ctrl-C, SIGTERM or SIGHUP, then resolves with 0. */
  follow(cursor: string | null, onEntry: (entry: JournalEntry) => void): Promise<number>;
  /** Where to look when the journal holds nothing of the service. */
  elsewhere(workspace: Workspace | undefined): string[];
}

/** The service's journal through journalctl; no journalctl on PATH is an error saying so. */
export function serviceLog(env: NodeJS.ProcessEnv): ServiceLog {
  const journalctl = requireJournalctl(env);
  return {
    unit: SERVICE_UNIT,
    read: async (lines) => (lines === 0 ? [] : readJournal(journalctl, SERVICE_UNIT, lines, env)),
    follow: (cursor, onEntry) => followJournal(journalctl, SERVICE_UNIT, cursor, env, onEntry),
    elsewhere: (workspace) => otherLogPlaces(SERVICE_UNIT, workspace),
  };
}
