import { AutosweError } from '../base/errors.js';
import { findOnPath } from './path-lookup.js';
import { failureDetail, runProgram } from './spawn.js';

/** One journal entry of a unit, in the fields an operator reads. */
export interface JournalEntry {
  readonly at: string;
  readonly identifier: string;
  readonly pid: number | null;
  /** syslog priority, 0 (emerg) … 7 (debug). */
  readonly priority: number;
  readonly message: string;
  readonly cursor: string;
}

export function requireJournalctl(env: NodeJS.ProcessEnv): string {
  const journalctl = findOnPath('journalctl', env);
  if (journalctl === undefined) {
    throw new AutosweError('journalctl not found on PATH (systemd-journald is where the service logs go)');
  }
  return journalctl;
}

/**
 * Matches of a user unit. `--user-unit` rather than `--user -u`: it reads every journal file this user may
 * read, so it also finds the lines of users whose logs journald keeps in the system journal (root, system
 * users), where `journalctl --user` finds no file at all.
 */
function unitArgs(unit: string): string[] {
  return [`--user-unit=${unit}`, '--no-pager', '--quiet', '--output=json'];
}

/** The last `lines` entries of a user unit, oldest first. */
export async function readJournal(
  journalctl: string,
  unit: string,
  lines: number,
  env: NodeJS.ProcessEnv,
): Promise<JournalEntry[]> {
  const result = await runProgram(journalctl, [...unitArgs(unit), `--lines=${lines}`], {
    env,
    timeoutMs: 30_000,
  });
  if (result.code !== 0) {
    if (/insufficient permissions/i.test(result.stderr)) throw new AutosweError(JOURNAL_NOT_READABLE);
    throw new AutosweError(`journalctl failed: ${failureDetail(result)}`);
  }
  return parseJournalJson(result.stdout);
}

/**
 * journald writes a per-user file only with persistent storage; with volatile storage (/run/log/journal)
 * everything lands in the system journal, which a normal user may not read.
 */
export const JOURNAL_NOT_READABLE =
  'the journal is not readable by this user (journald keeps one system-wide file when its storage is volatile); ' +
  "add yourself to the 'systemd-journal' group, or make the journal persistent (mkdir -p /var/log/journal; " +
  "journalctl --flush), or read 'systemctl --user status autoswe.service' and the run's loop.log";

export function parseJournalJson(text: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    const entry = parseJournalLine(line);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

function parseJournalLine(line: string): JournalEntry | undefined {
  if (line.trim() === '') return undefined;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const micros = Number(record.__REALTIME_TIMESTAMP);
  const pid = Number(record._PID);
  return {
    at: Number.isFinite(micros) ? new Date(micros / 1000).toISOString() : '',
    identifier: text(record.SYSLOG_IDENTIFIER) || text(record._COMM) || '?',
    pid: Number.isInteger(pid) ? pid : null,
    priority: Number.isInteger(Number(record.PRIORITY)) ? Number(record.PRIORITY) : 6,
    message: text(record.MESSAGE),
    cursor: text(record.__CURSOR),
  };
}

/** journald gives a field as a string, or as an array of bytes when it is not valid UTF-8. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return Buffer.from(value as number[]).toString('utf8');
  return '';
}

/**
 * Follows a unit's journal after `cursor` (or from now), calling `onEntry` for each new entry, until
 * journalctl ends or we get SIGINT, SIGTERM or SIGHUP (then journalctl is stopped too, never left behind
 * waiting for its next line). Resolves with 0 when stopped that way, else journalctl's exit code.
 */
export async function followJournal(
  journalctl: string,
  unit: string,
  cursor: string | null,
  env: NodeJS.ProcessEnv,
  onEntry: (entry: JournalEntry) => void,
): Promise<number> {
  const args = [...unitArgs(unit), '--follow', ...(cursor ? [`--after-cursor=${cursor}`] : ['--lines=0'])];
  const stopper = new AbortController();
  const stop = () => stopper.abort();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, stop);
  try {
    const result = await runProgram(journalctl, args, {
      env,
      signal: stopper.signal,
      stderr: 'inherit',
      onLine: (stream, line) => {
        const entry = stream === 'stdout' ? parseJournalLine(line) : undefined;
        if (entry !== undefined) onEntry(entry);
      },
    });
    if (result.spawnError !== null) throw new AutosweError(`journalctl: ${result.spawnError}`);
    return result.aborted ? 0 : (result.code ?? 1);
  } finally {
    for (const signal of signals) process.off(signal, stop);
  }
}
