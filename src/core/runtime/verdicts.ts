import { AutosweError, errorMessage } from '../../base/errors.js';
import { type FileLine, linesBackward } from './lines.js';
import { appendLine } from './store.js';
import type { Workspace } from './workspace.js';

export const VERDICT_KINDS = ['ACCEPT', 'REVISE', 'REVERT'] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

/** One VERDICTS line (docs/RUNTIME.md section 4). */
export interface Verdict {
  at: string;
  epoch: number;
  iter: number;
  module: string;
  verdict: VerdictKind;
  reason: string;
  green_before?: number;
  green_after?: number;
  run?: string;
  [key: string]: unknown;
}

/** A line as read: a verdict, or raw text when the line is not a valid verdict. `offset` is its byte offset. */
export type VerdictEntry =
  | { readonly kind: 'verdict'; readonly offset: number; readonly verdict: Verdict }
  | { readonly kind: 'raw'; readonly offset: number; readonly text: string };

/** An entry as `--json` and the web show it: the verdict object, or `{raw}` for a line that is not one. */
export function verdictEntryJson(entry: VerdictEntry): Verdict | { raw: string } {
  return entry.kind === 'verdict' ? entry.verdict : { raw: entry.text };
}

export function parseVerdictLine(line: FileLine): VerdictEntry {
  try {
    const value: unknown = JSON.parse(line.text);
    if (isVerdict(value)) return { kind: 'verdict', offset: line.offset, verdict: value };
  } catch {
    // Not JSON: shown as raw text below, never fatal.
  }
  return { kind: 'raw', offset: line.offset, text: line.text };
}

function isVerdict(value: unknown): value is Verdict {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.verdict === 'string' &&
    (VERDICT_KINDS as readonly string[]).includes(record.verdict) &&
    typeof record.module === 'string'
  );
}

export interface VerdictQuery {
  /** How many entries at most. */
  readonly limit: number;
  /** Only entries starting before this byte offset (a page cursor: the `offset` of the oldest entry seen). */
  readonly before?: number | undefined;
  readonly verdict?: VerdictKind | undefined;
  readonly module?: string | undefined;
  /**
   * Stop after reading about this many bytes of lines (a filter matching little of a huge file would read
   * all of it): the page then ends early with `partial` set, and `nextBefore` continues the search.
   */
  readonly maxScanBytes?: number | undefined;
}

export interface VerdictPage {
  /** Newest first. */
  readonly entries: readonly VerdictEntry[];
  /** Cursor for the next (older) page, or null when the start of the file was reached. */
  readonly nextBefore: number | null;
  /** True when `maxScanBytes` ended the page before `limit` entries were found. */
  readonly partial?: boolean;
}

/**
 * Reads verdicts from the end of VERDICTS backwards; filtered queries skip raw lines.
 * A VERDICTS that cannot be read (a folder, no permission) is an AutosweError naming it.
 */
export function queryVerdicts(workspace: Workspace, query: VerdictQuery): VerdictPage {
  try {
    return collectVerdicts(workspace.paths.verdicts, query);
  } catch (error) {
    if (error instanceof AutosweError) throw error;
    throw new AutosweError(`cannot read ${workspace.paths.verdicts}: ${errorMessage(error)}`);
  }
}

function collectVerdicts(path: string, query: VerdictQuery): VerdictPage {
  const entries: VerdictEntry[] = [];
  const filtered = query.verdict !== undefined || query.module !== undefined;
  if (query.limit <= 0) return { entries, nextBefore: query.before ?? null };
  const budget = query.maxScanBytes ?? Number.POSITIVE_INFINITY;
  let scanned = 0;
  for (const line of linesBackward(path, query.before)) {
    const entry = parseVerdictLine(line);
    if (!filtered || matches(entry, query)) {
      entries.push(entry);
      if (entries.length === query.limit) {
        return { entries, nextBefore: entry.offset > 0 ? entry.offset : null };
      }
    }
    // Characters, not bytes: a budget, not an exact count.
    scanned += line.text.length + 1;
    if (scanned >= budget && line.offset > 0) return { entries, nextBefore: line.offset, partial: true };
  }
  return { entries, nextBefore: null };
}

function matches(entry: VerdictEntry, query: VerdictQuery): boolean {
  if (entry.kind !== 'verdict') return false;
  if (query.verdict !== undefined && entry.verdict.verdict !== query.verdict) return false;
  return query.module === undefined || entry.verdict.module === query.module;
}

/** The last `count` lines of VERDICTS, oldest first, read from the end of the file. */
export function readLastVerdicts(workspace: Workspace, count: number): VerdictEntry[] {
  return [...queryVerdicts(workspace, { limit: count }).entries].reverse();
}

/** Appends one verdict as one whole line. */
export function appendVerdict(workspace: Workspace, verdict: Verdict): void {
  appendLine(workspace.paths.verdicts, verdict);
}
