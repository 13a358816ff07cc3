import { shellQuote } from '../../base/shell.js';
import type { CheckOnFail } from '../config/types.js';
import { formatSeconds } from './output.js';
import type { StepOutcome, StepStatus } from './step.js';

/**
 * The build's result as VERDICTS (`build`) and state.json (`build`) record it (docs/LOOP.md, "Build and
 * checks"); the full output stays in `log`.
 */
export interface BuildRecord {
  status: StepStatus;
  /** The first error line of the failing command; null when ok. */
  first_error: string | null;
  /** The command that failed or timed out, as a shell would show it; null when ok. */
  command: string | null;
  /** Absolute path of the full output, or null. */
  log: string | null;
  duration_ms: number;
  /** The time limit, for "timed out after N s". */
  timeout_ms: number;
}

/** One check's result, in VERDICTS and state.json `checks.<name>`. */
export interface CheckRecord extends BuildRecord {
  on_fail: CheckOnFail;
}

export type CheckRecords = Record<string, CheckRecord>;

export function stepRecord(outcome: StepOutcome): BuildRecord {
  return {
    status: outcome.status,
    first_error: outcome.firstError,
    command: outcome.failedCommand === null ? null : outcome.failedCommand.map(shellQuote).join(' '),
    log: outcome.log,
    duration_ms: outcome.durationMs,
    timeout_ms: outcome.timeoutMs,
  };
}

/** `build failed: <first error line>`, `build timed out after 600 s`; null when it built. */
export function buildReason(record: BuildRecord): string | null {
  return stepReason('build', record);
}

/** `check vet failed: <first error line>`, `check vet timed out after 60 s`; null when it passed. */
export function checkReason(name: string, record: BuildRecord): string | null {
  return stepReason(`check ${name}`, record);
}

function stepReason(what: string, record: BuildRecord): string | null {
  if (record.status === 'ok') return null;
  if (record.status === 'timed-out') return `${what} timed out after ${formatSeconds(record.timeout_ms)}`;
  return `${what} failed: ${record.first_error ?? 'no output'}`;
}

const STATUSES: readonly StepStatus[] = ['ok', 'failed', 'timed-out'];
const isStepStatus = (value: unknown): value is StepStatus => STATUSES.some((status) => status === value);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const textOrNull = (value: unknown) => (typeof value === 'string' ? value : null);
const numberOr0 = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** A `build` value read back from VERDICTS or state.json; null when absent or not a build record. */
export function decodeBuildRecord(value: unknown): BuildRecord | null {
  if (!isObject(value) || !isStepStatus(value.status)) return null;
  return {
    status: value.status,
    first_error: textOrNull(value.first_error),
    command: textOrNull(value.command),
    log: textOrNull(value.log),
    duration_ms: numberOr0(value.duration_ms),
    timeout_ms: numberOr0(value.timeout_ms),
  };
}

/** A `checks` value read back; entries that are not check records are left out. */
export function decodeCheckRecords(value: unknown): CheckRecords {
  const checks: CheckRecords = {};
  if (!isObject(value)) return checks;
  for (const [name, entry] of Object.entries(value)) {
    const record = decodeBuildRecord(entry);
    if (record === null || !isObject(entry)) continue;
    checks[name] = { ...record, on_fail: entry.on_fail === 'note' ? 'note' : 'revert' };
  }
  return checks;
}

/** The `iter` state.json records beside a build or check result; null when absent. */
export function recordedIter(value: unknown): number | null {
  return isObject(value) && typeof value.iter === 'number' ? value.iter : null;
}
