import { parseTypes } from '../core/events/query.js';
import { VERDICT_KINDS, type VerdictKind, type VerdictQuery } from '../core/runtime/verdicts.js';

/** A request the server refuses with a status and a one-line message (the JSON API's `error`). */
export class HttpError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 421 | 500;

  constructor(status: HttpError['status'], message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

type Query = (name: string) => string | undefined;

const DIGITS = /^\d+$/;

/** An integer query value in [min, max]; absent or empty gives the fallback; anything else is a 400 naming it. */
export function intParam(query: Query, name: string, min: number, max: number, fallback: number): number;
export function intParam(query: Query, name: string, min: number, max: number): number | undefined;
export function intParam(
  query: Query,
  name: string,
  min: number,
  max: number,
  fallback?: number,
): number | undefined {
  const text = query(name);
  if (text === undefined || text === '') return fallback;
  const value = DIGITS.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new HttpError(400, `${name} must be an integer from ${min} to ${max}, got '${text.slice(0, 40)}'`);
  }
  return value;
}

/** A journey id from the path: digits only (no path of any kind reaches the file system). */
export function journeyId(text: string): number {
  const value = DIGITS.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new HttpError(400, `journey id must be a non-negative integer, got '${text.slice(0, 40)}'`);
  }
  return value;
}

/**
 * How much of VERDICTS one page request reads at most (~16,000 verdicts, ~25 ms): a filter that matches
 * little of a huge file ends the page early instead of reading the whole file on every live refresh.
 */
export const VERDICT_SCAN_BYTES = 8 * 1024 * 1024;

export const JOURNEY_PAGE_SIZE = 20;
export const VERDICTS_PAGE_SIZE = 50;
const MAX_LIMIT = 500;

export interface JourneyQuery {
  readonly page: number;
  readonly limit: number;
}

export function journeyQuery(query: Query): JourneyQuery {
  return {
    page: intParam(query, 'page', 1, 1_000_000, 1),
    limit: intParam(query, 'limit', 1, MAX_LIMIT, JOURNEY_PAGE_SIZE),
  };
}

/** `?limit=&before=&verdict=&module=` for the verdict timeline. */
export function verdictQuery(query: Query): VerdictQuery & { readonly limit: number } {
  const verdictText = query('verdict');
  let verdict: VerdictKind | undefined;
  if (verdictText !== undefined && verdictText !== '') {
    const upper = verdictText.toUpperCase();
    if (!(VERDICT_KINDS as readonly string[]).includes(upper)) {
      throw new HttpError(
        400,
        `verdict must be one of ${VERDICT_KINDS.join(', ')}, got '${verdictText.slice(0, 40)}'`,
      );
    }
    verdict = upper as VerdictKind;
  }
  // A name pasted or typed with a stray space still finds its module.
  const moduleText = query('module')?.trim();
  if (moduleText !== undefined && moduleText.length > 200) {
    throw new HttpError(400, 'module must be at most 200 characters');
  }
  return {
    limit: intParam(query, 'limit', 1, MAX_LIMIT, VERDICTS_PAGE_SIZE),
    before: intParam(query, 'before', 0, Number.MAX_SAFE_INTEGER),
    verdict,
    module: moduleText === undefined || moduleText === '' ? undefined : moduleText,
    maxScanBytes: VERDICT_SCAN_BYTES,
  };
}

export const HISTORY_PAGE_SIZE = 100;

/** `/history` and `/api/history`: `?type=` one type or group (comma-separated), `?before=`, `?limit=`. */
export function historyQuery(query: Query): {
  limit: number;
  before: number | undefined;
  type: string | undefined;
  types: string[] | undefined;
} {
  const type = query('type')?.trim();
  let types: string[] | undefined;
  if (type !== undefined && type !== '') {
    if (type.length > 200) throw new HttpError(400, 'type must be at most 200 characters');
    try {
      types = parseTypes(type);
    } catch (error) {
      throw new HttpError(
        400,
        error instanceof Error ? error.message.replace(/^--type: /, 'type: ') : 'bad type',
      );
    }
  }
  return {
    limit: intParam(query, 'limit', 1, MAX_LIMIT, HISTORY_PAGE_SIZE),
    before: intParam(query, 'before', 0, Number.MAX_SAFE_INTEGER),
    type: types === undefined ? undefined : type,
    types,
  };
}
