import { AutosweError, errorMessage } from '../../base/errors.js';
import { buildRecord, checkRecords } from './build-record.js';
import {
  array,
  boolean,
  decode,
  type Infer,
  literal,
  looseObject,
  nonNegativeInt,
  nullable,
  object,
  optional,
  picklist,
  string,
} from './decode.js';
import { type FileLine, linesBackward } from './lines.js';
import { sessionRecord } from './session-record.js';
import { appendLine, checkedForWrite } from './store.js';
import type { Workspace } from './workspace.js';

export const VERDICT_KINDS = ['ACCEPT', 'REVISE', 'REVERT'] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

/**
 * One VERDICTS line (docs/RUNTIME.md section 4): the keys of the spec, then what the judge adds. A line that
 * does not decode (not JSON, a key of the wrong type, a `flip` line) is shown raw, never fatal.
 */
export const verdictLine = looseObject({
  at: string,
  epoch: nonNegativeInt,
  iter: nonNegativeInt,
  module: string,
  verdict: picklist(VERDICT_KINDS),
  reason: string,
  green_before: optional(nonNegativeInt),
  green_after: optional(nonNegativeInt),
  total: optional(nonNegativeInt),
  run: optional(string),
  /** Who decided: `built-in` or `judge-command`. */
  by: optional(string),
  /** `module/cell` of the cells that went RED→GREEN, and GREEN→RED. */
  flips: optional(array(string)),
  regressions: optional(array(string)),
  /** The commit the iteration ended at (its own for ACCEPT and REVISE, the start for REVERT). */
  commit: optional(nullable(string)),
  transcript: optional(nullable(string)),
  duration_ms: optional(nonNegativeInt),
  /** Set on the REVERT the loop records for an iteration a signal interrupted. */
  interrupted: optional(boolean),
  /** The build and the checks of this iteration, when they ran (docs/LOOP.md "Build and checks"). */
  build: optional(buildRecord),
  checks: optional(checkRecords),
  /** How the iteration's agent session ended (docs/RUNTIME.md section 4). */
  session: optional(sessionRecord),
});

export type Verdict = Infer<typeof verdictLine>;

/**
 * The line `parity-flip --force` appends. It has no `verdict` key, so readers show it as a raw line and
 * never count it as ACCEPT/REVISE/REVERT (docs/LOOP.md).
 */
export const forcedFlipLine = object({
  at: string,
  type: literal('flip'),
  module: string,
  forced: literal(true),
  red: nonNegativeInt,
  red_cells: array(string),
  by: string,
  epoch: nullable(nonNegativeInt),
  iter: nullable(nonNegativeInt),
});

export type ForcedFlipRecord = Infer<typeof forcedFlipLine>;

/** A line as read: a verdict, or raw text when the line is not a valid verdict. `offset` is its byte offset. */
export type VerdictEntry =
  | { readonly kind: 'verdict'; readonly offset: number; readonly verdict: Verdict }
  | { readonly kind: 'raw'; readonly offset: number; readonly text: string };

/** An entry as `--json` and the web show it: the verdict object, or `{raw}` for a line that is not one. */
export function verdictEntryJson(entry: VerdictEntry): Verdict | { raw: string } {
  return entry.kind === 'verdict' ? entry.verdict : { raw: entry.text };
}

export function parseVerdictLine(line: FileLine): VerdictEntry {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    // Not JSON: shown as raw text below, never fatal.
  }
  const verdict = decode(verdictLine, value);
  if (verdict.ok) return { kind: 'verdict', offset: line.offset, verdict: verdict.value };
  return { kind: 'raw', offset: line.offset, text: line.text };
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
  const path = workspace.paths.verdicts;
  appendLine(path, checkedForWrite(path, verdictLine, verdict));
}

/** Appends the line of a forced flip (see `forcedFlipLine`). */
export function appendForcedFlip(workspace: Workspace, record: ForcedFlipRecord): void {
  const path = workspace.paths.verdicts;
  appendLine(path, checkedForWrite(path, forcedFlipLine, record));
}
