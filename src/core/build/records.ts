import { shellQuote } from '../../base/shell.js';
import type { BuildRecord } from '../runtime/build-record.js';
import { formatSeconds } from './output.js';
import type { StepOutcome } from './step.js';

export type { BuildRecord, CheckRecord, CheckRecords } from '../runtime/build-record.js';

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
