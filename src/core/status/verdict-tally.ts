import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { errorCode } from '../../base/errors.js';
import { VERDICT_KINDS, type VerdictKind } from '../runtime/verdicts.js';
import type { Workspace } from '../runtime/workspace.js';

/**
 * Totals over every VERDICTS line, for `/metrics`: verdicts by kind, agent sessions by outcome, and the
 * sessions' cost and tokens (the `session` object of a verdict line, docs/RUNTIME.md section 4; lines
 * without one count as verdicts only). VERDICTS is append-only, so a long-lived reader (serve) folds each
 * byte once: a scrape reads only what was appended since the last one. A file replaced or cut shorter
 * (an epoch archive, a hand edit) is counted again from its start.
 */
export interface VerdictTally {
  readonly verdicts: Record<VerdictKind, number>;
  readonly sessions: Record<string, number>;
  readonly costUsd: number;
  readonly tokens: { input: number; output: number; cacheRead: number; cacheCreation: number };
  /** Lines that are not verdicts: flip lines, torn or hand-written ones. */
  readonly otherLines: number;
  /** The newest verdict's `at` in seconds since the epoch, or null. */
  readonly lastVerdictAt: number | null;
}

type Mutable = {
  -readonly [K in keyof VerdictTally]: VerdictTally[K] extends object
    ? { -readonly [L in keyof VerdictTally[K]]: VerdictTally[K][L] }
    : VerdictTally[K];
};

function emptyTally(): Mutable {
  return {
    verdicts: { ACCEPT: 0, REVISE: 0, REVERT: 0 },
    sessions: {},
    costUsd: 0,
    tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 },
    otherLines: 0,
    lastVerdictAt: null,
  };
}

const CHUNK_BYTES = 1 << 20;
const KINDS: ReadonlySet<string> = new Set(VERDICT_KINDS);

/** Outcome names become label values: kept to a safe, short shape, anything else is `other`. */
const OUTCOME = /^[a-z][a-z0-9_]{0,39}$/;

type Json = { readonly [key: string]: unknown };

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** Folds one line into the tally. The same test as the verdict decoder's core keys, without building it. */
function foldLine(tally: Mutable, text: string): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    tally.otherLines++;
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    tally.otherLines++;
    return;
  }
  const line = value as Json;
  const kind = line.verdict;
  if (typeof kind !== 'string' || !KINDS.has(kind) || typeof line.module !== 'string') {
    tally.otherLines++;
    return;
  }
  tally.verdicts[kind as VerdictKind]++;
  if (typeof line.at === 'string') {
    const at = Date.parse(line.at);
    if (!Number.isNaN(at)) tally.lastVerdictAt = Math.max(tally.lastVerdictAt ?? 0, at / 1000);
  }
  const session = line.session;
  if (session === null || typeof session !== 'object' || Array.isArray(session)) return;
  const record = session as Json;
  const outcome =
    typeof record.outcome === 'string' && OUTCOME.test(record.outcome) ? record.outcome : 'other';
  tally.sessions[outcome] = (tally.sessions[outcome] ?? 0) + 1;
  tally.costUsd += count(record.cost_usd);
  const tokens = record.tokens;
  if (tokens !== null && typeof tokens === 'object' && !Array.isArray(tokens)) {
    const used = tokens as Json;
    tally.tokens.input += count(used.input);
    tally.tokens.output += count(used.output);
    tally.tokens.cacheRead += count(used.cache_read);
    tally.tokens.cacheCreation += count(used.cache_creation);
  }
}

/** A tally kept up to date by reading only the bytes appended since the last call. */
export class VerdictTallyReader {
  readonly #path: string;
  #tally = emptyTally();
  #offset = 0;
  #ino: number | undefined;
  #partial = '';

  constructor(workspace: Workspace) {
    this.#path = workspace.paths.verdicts;
  }

  read(): VerdictTally {
    let fd: number;
    try {
      fd = openSync(this.#path, 'r');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      this.#reset(undefined);
      return this.#tally;
    }
    try {
      const { size, ino } = fstatSync(fd);
      if (ino !== this.#ino || size < this.#offset) this.#reset(ino);
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, size - this.#offset)));
      while (this.#offset < size) {
        const read = readSync(fd, chunk, 0, Math.min(chunk.length, size - this.#offset), this.#offset);
        if (read === 0) break;
        this.#offset += read;
        // A multi-byte character split across reads stays whole: cut at the last newline, keep the rest.
        const last = chunk.lastIndexOf(0x0a, read - 1);
        if (last < 0) {
          this.#partial += chunk.toString('latin1', 0, read);
          continue;
        }
        const text = Buffer.from(this.#partial + chunk.toString('latin1', 0, last), 'latin1').toString(
          'utf8',
        );
        this.#partial = chunk.toString('latin1', last + 1, read);
        for (const line of text.split('\n')) if (line.trim() !== '') foldLine(this.#tally, line);
      }
      return this.#tally;
    } finally {
      closeSync(fd);
    }
  }

  #reset(ino: number | undefined): void {
    this.#tally = emptyTally();
    this.#offset = 0;
    this.#partial = '';
    this.#ino = ino;
  }
}
