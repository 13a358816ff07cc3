import {
  type Infer,
  looseObject,
  nonNegativeInt,
  nullable,
  object,
  optional,
  picklist,
  record,
  string,
} from './decode.js';

/**
 * The result of a build or a check as VERDICTS lines (`build`, `checks`) and state.json (`build`,
 * `checks`) record it (docs/RUNTIME.md sections 2 and 4); the full output stays in the file `log` names.
 */
export const STEP_STATUSES = ['ok', 'failed', 'timed-out'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const CHECK_ON_FAIL = ['revert', 'note'] as const;

const recordShape = {
  status: picklist(STEP_STATUSES),
  /** The first error line of the failing command; null when ok. */
  first_error: nullable(string),
  /** The command that failed or timed out, as a shell would show it; null when ok. */
  command: nullable(string),
  /** Absolute path of the full output, or null. */
  log: nullable(string),
  duration_ms: nonNegativeInt,
  /** The time limit, for "timed out after N s". */
  timeout_ms: nonNegativeInt,
};

export const buildRecord = object(recordShape);
export type BuildRecord = Infer<typeof buildRecord>;

export const checkRecord = object({ ...recordShape, on_fail: picklist(CHECK_ON_FAIL) });
export type CheckRecord = Infer<typeof checkRecord>;

export const checkRecords = record(checkRecord);
export type CheckRecords = Infer<typeof checkRecords>;

/**
 * state.json keeps the last build and each check's last result with the iteration they ran in. Writers
 * merge into state.json, where `null` deletes a key (section 2): there the null fields are simply absent.
 */
const stateShape = {
  ...recordShape,
  first_error: optional(nullable(string)),
  command: optional(nullable(string)),
  log: optional(nullable(string)),
  at: string,
  iter: nonNegativeInt,
};
export const buildState = looseObject(stateShape);
export const checkStates = record(looseObject({ ...stateShape, on_fail: picklist(CHECK_ON_FAIL) }));
