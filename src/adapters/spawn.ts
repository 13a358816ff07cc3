/** What a finished (or abandoned) program left behind. */
export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the program could not run or did not finish in time. */
  readonly error?: string;
  /** It was killed for running past `timeoutMs`. */
  readonly timedOut?: boolean;
}

export interface RunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Written to the program's stdin, which is then closed; without it stdin is /dev/null. */
  readonly input?: string;
  /** Past this the program is killed (SIGKILL) and the result carries `error`. */
  readonly timeoutMs?: number;
  /** Aborting kills the program (SIGTERM); the result carries `error`. */
  readonly signal?: AbortSignal;
}

/**
 * Runs a program to completion, collecting its output; never throws. The one "spawn, collect, time out"
 * of the adapters that ask short-lived programs (systemctl, journalctl, nvidia-smi, meta_judge.command).
 */
export function runProgram(
  program: string,
  args: readonly string[],
  options: RunOptions,
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    // Loaded on first use: `status` without a GPU or a user manager never needs child_process.
    const { spawn } = process.getBuiltinModule('node:child_process');
    const stdin = options.input === undefined ? 'ignore' : 'pipe';
    const child = spawn(program, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: [stdin, 'pipe', 'pipe'],
      signal: options.signal,
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (result: ProcessResult) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(result);
    };
    const { timeoutMs } = options;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
            finish({
              code: null,
              stdout,
              stderr,
              error: `did not answer within ${timeoutMs} ms`,
              timedOut: true,
            });
          }, timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => finish({ code: null, stdout, stderr, error: error.message }));
    child.on('close', (code) => finish({ code, stdout, stderr }));
    if (child.stdin) {
      // A program that ignores its input may close stdin early; that is not an error.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** The first meaningful line a failed program printed, for a one-line error. */
export function failureDetail(result: ProcessResult): string {
  if (result.error) return result.error;
  const line = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text !== '');
  return line ?? `exit ${result.code}`;
}
