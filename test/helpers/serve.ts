import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from './cli.js';

export interface ServeProcess {
  readonly child: ChildProcess;
  /** From the start line (`serving on http://127.0.0.1:PORT`). */
  readonly url: string;
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code and output once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the built `autoswe serve` (default `--port 0`) in `cwd` and waits for its start line. */
export function startServe(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd: options.cwd,
    env: {
      ...process.env,
      NO_COLOR: '1',
      AUTOSWE_REPO_ROOT: '',
      AUTOSWE_RUNTIME_DIR: '',
      AUTOSWE_SERVE_TOKEN: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within 10 s; stdout: ${out} stderr: ${err}`));
    }, 10_000);
    const check = () => {
      const match = /serving on (http:\/\/\S+)/.exec(out);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve({
        child,
        url: match[1],
        stdout: () => out,
        stderr: () => err,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before its start line; stderr: ${err}`));
    });
  });
}
