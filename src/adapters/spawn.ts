// Long because it is the one way src/ runs a program: the async run (process group, grace then kill, byte
// cap, lines), its inherited-terminal form, the synchronous forms tmux needs, and the line splitter.
import type { ChildProcess, SpawnSyncOptionsWithBufferEncoding, SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The only importer of node:child_process in src/ (docs/ARCHITECTURE.md, "Running programs"). It is
 * fetched on first use, never at import: `status` without a GPU or a user manager spawns nothing and so
 * never loads it.
 */
function childProcess(): typeof import('node:child_process') {
  return process.getBuiltinModule('node:child_process');
}

export type OutputStream = 'stdout' | 'stderr';

/** Output kept per stream unless the caller says otherwise: a runaway program must not exhaust memory. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Between SIGTERM to the group and SIGKILL, unless the caller says otherwise. */
export const DEFAULT_GRACE_MS = 2_000;

export interface ProgramOptions {
  /** The child's whole environment: nothing of process.env is added behind the caller's back. */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string | undefined;
}

export interface CaptureOptions extends ProgramOptions {
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  readonly input?: string | undefined;
  /** Past this the program is stopped and the result has `timedOut`. */
  readonly timeoutMs?: number | undefined;
  /** Output kept per stream (default 16 MiB); the rest is dropped and the result says so in `truncated`. */
  readonly maxBytes?: number | undefined;
}

export interface RunOptions extends CaptureOptions {
  /** Aborting stops the program like a timeout does; the result has `aborted`. */
  readonly signal?: AbortSignal | undefined;
  /** SIGTERM to the group first, SIGKILL this long after (default 2 s); 0 kills at once. */
  readonly graceMs?: number | undefined;
  /**
   * Each line of output as it arrives (CR LF ends a line too; a last line without newline comes at the
   * end). Lines are then not kept in the result; a line longer than `maxBytes` characters is cut there.
   */
  readonly onLine?: ((stream: OutputStream, line: string) => void) | undefined;
  /** The program writes its stderr to ours (its messages reach the operator as they come). */
  readonly stderr?: 'inherit' | undefined;
}

/** What a finished (or stopped) program left behind. */
export interface ProcessResult {
  /** Exit code; null when it was killed by a signal, could not start, or was given up on. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Output beyond `maxBytes` was dropped from this stream. */
  readonly truncated: { readonly stdout: boolean; readonly stderr: boolean };
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** It could not be started (not found, not executable, no such folder): one line naming it, else null. */
  readonly spawnError: string | null;
  /** Why it did not run to its own exit, in one line (spawnError, timeout, stopped); null when it exited. */
  readonly error: string | null;
  readonly durationMs: number;
}

/**
 * Runs a program to completion in its own process group (spawned detached), collecting its output up to
 * the byte cap or handing it over line by line; never rejects. A timeout or abort sends SIGTERM to the
 * whole group and SIGKILL after the grace period, and the answer comes at the latest then (a program
 * stuck in the kernel may never close its pipes). Whatever the program left running in its group is
 * killed when it ends, and so is a running group if autoswe itself exits.
 */
export function runProgram(
  program: string,
  args: readonly string[],
  options: RunOptions,
): Promise<ProcessResult> {
  const started = Date.now();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const result = (fields: Partial<ProcessResult>): ProcessResult =>
    withError({ ...EMPTY, ...fields, durationMs: Date.now() - started }, options.timeoutMs);
  if (options.signal?.aborted) return Promise.resolve(result({ aborted: true }));
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = childProcess().spawn(program, args, {
        env: options.env,
        cwd: options.cwd,
        detached: true,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', options.stderr ?? 'pipe'],
      });
    } catch (error) {
      // Arguments Node refuses outright (an empty program name, a NUL byte) throw instead of emitting.
      resolve(result({ spawnError: startFailure(program, error as NodeJS.ErrnoException, options.cwd) }));
      return;
    }
    const pid = child.pid;
    const output = {
      stdout: outputSink('stdout', child.stdout, maxBytes, options.onLine),
      stderr: outputSink('stderr', child.stderr, maxBytes, options.onLine),
    };
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let spawnError: string | null = null;
    let timedOut = false;
    let aborted = false;
    let stopping = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const finish = (ended: { code: number | null; signal: NodeJS.Signals | null }) => {
      if (settled) return;
      settled = true;
      // A program that never started "closes" with a negative errno as its code.
      if (spawnError !== null) ended = { code: null, signal: null };
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (pid !== undefined) {
        // Anything the program left running in its group goes with it.
        signalGroup(pid, 'SIGKILL');
        liveGroups.delete(pid);
      }
      output.stdout.flush();
      output.stderr.flush();
      resolve(
        result({
          ...ended,
          stdout: output.stdout.text(),
          stderr: output.stderr.text(),
          truncated: { stdout: output.stdout.cut(), stderr: output.stderr.cut() },
          timedOut,
          aborted,
          spawnError,
        }),
      );
    };
    const kill = () => {
      if (pid !== undefined) signalGroup(pid, 'SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
      // Answer now; a child that cannot die must not keep autoswe alive either.
      child.unref();
      finish(exit ?? { code: null, signal: 'SIGKILL' });
    };
    const stop = () => {
      if (stopping || settled) return;
      stopping = true;
      const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
      if (graceMs <= 0) return kill();
      if (pid !== undefined) signalGroup(pid, 'SIGTERM');
      killTimer = setTimeout(kill, graceMs);
    };
    function onAbort() {
      aborted = true;
      stop();
    }
    const { timeoutMs } = options;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stop();
          }, timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (pid !== undefined) watchGroup(pid);

    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = startFailure(program, error, options.cwd);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
    });
    child.on('close', (code, signal) => finish({ code, signal }));
    if (child.stdin) {
      // A program that ignores its input may close stdin early; that is not an error.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

const EMPTY: Omit<ProcessResult, 'durationMs'> = {
  code: null,
  signal: null,
  stdout: '',
  stderr: '',
  truncated: { stdout: false, stderr: false },
  timedOut: false,
  aborted: false,
  spawnError: null,
  error: null,
};

function withError(result: ProcessResult, timeoutMs: number | undefined): ProcessResult {
  const error =
    result.spawnError ??
    (result.timedOut ? `did not answer within ${timeoutMs} ms` : result.aborted ? 'stopped' : null);
  return { ...result, error };
}

interface OutputSink {
  /** Hands over a partial last line (line mode); called once the program's output has ended. */
  flush(): void;
  text(): string;
  cut(): boolean;
}

/** Collects a stream up to the cap, or splits it into lines for `onLine`. */
function outputSink(
  stream: OutputStream,
  readable: NodeJS.ReadableStream | null,
  maxBytes: number,
  onLine: RunOptions['onLine'],
): OutputSink {
  if (readable === null) return { flush: () => undefined, text: () => '', cut: () => false };
  if (onLine !== undefined) {
    const splitter = new LineSplitter((line) => onLine(stream, line), maxBytes);
    readable.setEncoding('utf8');
    readable.on('data', (chunk: string) => splitter.push(chunk));
    return { flush: () => splitter.flush(), text: () => '', cut: () => splitter.cut };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  readable.on('data', (chunk: Buffer) => {
    if (size + chunk.length > maxBytes) cut = true;
    if (size >= maxBytes) return;
    const kept = chunk.subarray(0, maxBytes - size);
    chunks.push(kept);
    size += kept.length;
  });
  return { flush: () => undefined, text: () => Buffer.concat(chunks).toString('utf8'), cut: () => cut };
}

/** The one-line reason a program could not start, naming it (or the missing folder). */
function startFailure(program: string, error: NodeJS.ErrnoException, cwd: string | undefined): string {
  // A missing working folder is reported by the OS as ENOENT of the program.
  if (error.code === 'ENOENT' && cwd !== undefined && !existsSync(cwd)) {
    return `${program}: working folder ${cwd} does not exist`;
  }
  if (error.code === 'ENOENT') return `${program}: command not found`;
  if (error.code === 'EACCES') return `${program}: permission denied`;
  return `${program}: ${error.message.split('\n')[0]}`;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Groups still running; killed if autoswe exits first (one 'exit' listener for all of them). */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function watchGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const group of liveGroups) signalGroup(group, 'SIGKILL');
  });
}

/**
 * Starts a program that outlives the caller (a background helper such as the notifier): its own session
 * and process group, stdin and stdout closed, stderr appended to `stderrFile` when given, not waited for
 * and not killed when autoswe exits. Returns its pid, or one line saying why it could not start.
 */
export function startDetached(
  program: string,
  args: readonly string[],
  options: ProgramOptions & { readonly stderrFile?: string | undefined },
): { readonly pid: number } | { readonly error: string } {
  const fs = process.getBuiltinModule('node:fs');
  let errFd: number | 'ignore' = 'ignore';
  try {
    if (options.stderrFile !== undefined) errFd = fs.openSync(options.stderrFile, 'a');
  } catch {
    errFd = 'ignore';
  }
  try {
    const child = childProcess().spawn(program, args, {
      env: options.env,
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'ignore', errFd],
    });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) return { error: `${program}: could not be started` };
    return { pid: child.pid };
  } catch (error) {
    return { error: startFailure(program, error as NodeJS.ErrnoException, options.cwd) };
  } finally {
    if (typeof errFd === 'number') fs.closeSync(errFd);
  }
}

/** The first meaningful line a failed program printed (or why it did not run), for a one-line error. */
export function failureDetail(result: ProcessResult): string {
  if (result.error !== null) return result.error;
  const line = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text !== '');
  return line ?? (result.signal !== null ? `killed by ${result.signal}` : `exit ${result.code}`);
}

/** How an interactive program ended: its exit status as a shell reports it. */
export interface InheritedResult {
  /** The exit code, 128 + the signal's number when killed; 127 when it could not start. */
  readonly code: number;
  readonly spawnError: string | null;
}

/**
 * Runs a program on the caller's terminal (stdin, stdout and stderr inherited) and resolves when it ends.
 * Not detached: it stays in the terminal's foreground process group, so it can read the terminal and
 * Ctrl-C reaches it as it would from a shell.
 */
export function runInherited(
  program: string,
  args: readonly string[],
  options: ProgramOptions,
): Promise<InheritedResult> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = childProcess().spawn(program, args, { env: options.env, cwd: options.cwd, stdio: 'inherit' });
    } catch (error) {
      resolve({ code: 127, spawnError: startFailure(program, error as NodeJS.ErrnoException, options.cwd) });
      return;
    }
    let spawnError: string | null = null;
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = startFailure(program, error, options.cwd);
    });
    child.on('close', (code, signal) => {
      resolve(
        spawnError === null ? { code: exitStatus(code, signal), spawnError } : { code: 127, spawnError },
      );
    });
  });
}

/*
 * The synchronous forms exist for tmux: `attach` from the TUI must block the event loop while tmux owns
 * the terminal (Ink must neither draw nor read keys meanwhile), and the session is built by a dozen quick
 * tmux client calls that the attach command and the TUI make in line. They share the options and the
 * result of the async forms; spawnSync cannot give the child its own group, which tmux clients do not need.
 */

/**
 * Runs a program to completion synchronously, like `runProgram` without signal, grace or lines; at the
 * timeout, or once a stream passes `maxBytes`, it is killed (SIGKILL) and the result says which.
 */
export function runProgramSync(
  program: string,
  args: readonly string[],
  options: CaptureOptions,
): ProcessResult {
  const started = Date.now();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const ran = spawnSyncSafely(program, args, {
    env: options.env,
    cwd: options.cwd,
    input: options.input,
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: maxBytes,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  const error = ran.error as NodeJS.ErrnoException | undefined;
  const timedOut = error?.code === 'ETIMEDOUT';
  const overflow = error?.code === 'ENOBUFS';
  const notStarted = error !== undefined && !timedOut && !overflow;
  const kept = (bytes: Buffer | null) => (bytes ?? Buffer.alloc(0)).subarray(0, maxBytes).toString('utf8');
  return withError(
    {
      ...EMPTY,
      code: notStarted ? null : ran.status,
      signal: ran.signal,
      stdout: kept(ran.stdout),
      stderr: kept(ran.stderr),
      truncated: {
        stdout: overflow && (ran.stdout?.length ?? 0) > maxBytes,
        stderr: overflow && (ran.stderr?.length ?? 0) > maxBytes,
      },
      timedOut,
      spawnError: notStarted ? startFailure(program, error, options.cwd) : null,
      durationMs: Date.now() - started,
    },
    options.timeoutMs,
  );
}

/** `runInherited`, synchronously: returns when the program ends. */
export function runInheritedSync(
  program: string,
  args: readonly string[],
  options: ProgramOptions,
): InheritedResult {
  const ran = spawnSyncSafely(program, args, { env: options.env, cwd: options.cwd, stdio: 'inherit' });
  const error = ran.error as NodeJS.ErrnoException | undefined;
  if (error !== undefined) return { code: 127, spawnError: startFailure(program, error, options.cwd) };
  return { code: exitStatus(ran.status, ran.signal), spawnError: null };
}

/** spawnSync, with the arguments Node refuses outright reported like any other start failure. */
function spawnSyncSafely(
  program: string,
  args: readonly string[],
  options: SpawnSyncOptionsWithBufferEncoding,
): SpawnSyncReturns<Buffer> {
  try {
    return childProcess().spawnSync(program, args, options);
  } catch (error) {
    const none = Buffer.alloc(0);
    return {
      pid: 0,
      output: [],
      stdout: none,
      stderr: none,
      status: null,
      signal: null,
      error: error as Error,
    };
  }
}

/** The exit code, or 128 + the signal's number as shells report a killed program. */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const number = signal === null ? 0 : (process.getBuiltinModule('node:os').constants.signals[signal] ?? 0);
  return 128 + number;
}

/**
 * Splits a program's output into lines as chunks arrive, holding a partial last line until more comes or
 * `flush`. `\n` ends a line and a `\r` before it is dropped. A line longer than `maxLength` characters is
 * cut there (the rest up to its newline is dropped and `cut` is set), so a program printing without
 * newlines cannot grow the held line without bound.
 */
export class LineSplitter {
  #pending = '';
  #dropping = false;
  #cut = false;
  readonly #emit: (line: string) => void;
  readonly #maxLength: number;

  constructor(emit: (line: string) => void, maxLength = DEFAULT_MAX_BYTES) {
    this.#emit = emit;
    this.#maxLength = maxLength;
  }

  get cut(): boolean {
    return this.#cut;
  }

  push(chunk: string): void {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      this.#take(chunk.slice(start, end));
      const line = this.#pending.endsWith('\r') ? this.#pending.slice(0, -1) : this.#pending;
      // A cut line was handed over when it reached the limit.
      if (!this.#dropping) this.#emit(line);
      this.#pending = '';
      this.#dropping = false;
      start = end + 1;
    }
    this.#take(chunk.slice(start));
  }

  flush(): void {
    if (this.#pending !== '') this.#emit(this.#pending);
    this.#pending = '';
    this.#dropping = false;
  }

  #take(text: string): void {
    if (this.#dropping) return;
    this.#pending += text;
    if (this.#pending.length <= this.#maxLength) return;
    this.#emit(this.#pending.slice(0, this.#maxLength));
    this.#pending = '';
    this.#dropping = true;
    this.#cut = true;
  }
}
