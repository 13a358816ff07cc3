/** Exit codes as docs/COMMANDS.md defines them. */
export const EXIT_OK = 0;
/** The operation failed or a check did not pass. */
export const EXIT_FAILED = 1;
/** Bad usage or bad input: unknown option, unparsable file, not in a workspace. */
export const EXIT_USAGE = 2;
/** `run` stopped at `limits.max_iters` with RED cells left (not DONE, not a failure either). */
export const EXIT_MAX_ITERS = 3;

/** The one error users see: a one-line message and the exit code it maps to. Printed once by cli.ts. */
export class AutosweError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_FAILED) {
    super(message);
    this.name = 'AutosweError';
    this.exitCode = exitCode;
  }
}

/** The message of any thrown value, for wrapping outside errors into one line. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The `code` of a system error (`ENOENT`, `EPERM`, …), or undefined for anything else. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
