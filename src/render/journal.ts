import type { JournalEntry } from '../core/service/logs.js';
import type { Colors } from './colors.js';

/** `2026-11-24 06:01:51 node[20554]: message`, errors red and warnings yellow. */
export function renderJournalEntry(entry: JournalEntry, colors: Colors): string {
  const at = entry.at.replace('T', ' ').replace(/\.\d+Z$/, '');
  const source = `${entry.identifier}${entry.pid === null ? '' : `[${entry.pid}]`}`;
  const message =
    entry.priority <= 3
      ? colors.red(entry.message)
      : entry.priority === 4
        ? colors.yellow(entry.message)
        : entry.message;
  return `${colors.dim(at)} ${source}: ${message}`;
}
