import { followJournal, type JournalEntry, readJournal, requireJournalctl } from '../../adapters/journal.js';
import type { Workspace } from '../runtime/workspace.js';
import { otherLogPlaces } from './log-places.js';
import { instanceUnits } from './unit-names.js';

export type { JournalEntry };

/** The journal of one or more workspaces' services (`autoswe@<name>.service`), as `autoswe logs` shows it. */
export interface ServiceLog {
  readonly units: readonly string[];
  /** The last `lines` entries, oldest first (none for 0). */
  read(lines: number): Promise<JournalEntry[]>;
  /** Each entry after `cursor` (or from now) until Ctrl-C, SIGTERM or SIGHUP, then resolves with 0. */
  follow(cursor: string | null, onEntry: (entry: JournalEntry) => void): Promise<number>;
  /** Where to look when the journal holds nothing of the service. */
  elsewhere(workspace: Workspace | undefined): string[];
}

/** The services' journal through journalctl; no journalctl on PATH is an error saying so. */
export function serviceLog(env: NodeJS.ProcessEnv, names: readonly string[]): ServiceLog {
  const journalctl = requireJournalctl(env);
  const units = names.map((name) => instanceUnits(name).service);
  return {
    units,
    read: async (lines) => (lines === 0 ? [] : readJournal(journalctl, units, lines, env)),
    follow: (cursor, onEntry) => followJournal(journalctl, units, cursor, env, onEntry),
    elsewhere: (workspace) => otherLogPlaces(units.join(' '), workspace),
  };
}

/** The workspace name of an entry's unit (`autoswe@ws1.service` → `ws1`), for `logs --all`. */
export function entryWorkspace(entry: JournalEntry): string | null {
  return /^autoswe@(.+)\.service$/.exec(entry.unit ?? '')?.[1] ?? null;
}
