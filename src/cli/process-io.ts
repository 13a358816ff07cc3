import { fstatSync, readSync, writeSync } from 'node:fs';
import { errorCode } from '../base/errors.js';
import { type CommandIo, type Output, streamBytes } from './context.js';

/**
 * The real process's io, built lazily: `process.stdin`, `process.stdout` and `node:tty` each load
 * stream and socket code that a one-shot command writing to a pipe never needs (a few ms of start-up).
 * On a terminal the real stream is used (the TUI hands it to Ink); elsewhere text goes to the file
 * descriptor directly, synchronously, so nothing is lost when the command returns.
 */
export function processIo(): ProcessIo {
  let stdout: (Output & Drainable) | undefined;
  let stderr: (Output & Drainable) | undefined;
  return {
    get stdin() {
      return process.stdin;
    },
    // read(2) on fd 0 until end of file: the hook reads its event before every agent tool call, and
    // `process.stdin` alone loads Node's stream and socket code (a few ms). A non-blocking stdin with
    // nothing in it yet hands over to the stream, after what was read.
    stdinText: async () => {
      const read = readUntilBlocked(0);
      return (read.complete ? read.bytes : await streamBytes(process.stdin, read.bytes)).toString('utf8');
    },
    get stdout() {
      stdout ??= isTerminal(1) ? process.stdout : new FdOutput(1, () => process.stdout);
      return stdout;
    },
    get stderr() {
      stderr ??= isTerminal(2) ? process.stderr : new FdOutput(2, () => process.stderr);
      return stderr;
    },
    env: process.env,
    cwd: process.cwd(),
    drained: () => (stdout?.writableLength ?? 0) === 0 && (stderr?.writableLength ?? 0) === 0,
  };
}

/** The process's io, and whether all of its output has reached the file descriptors. */
export interface ProcessIo extends CommandIo {
  /** Nothing written is still buffered in a stream, so exiting the process now loses no output. */
  drained(): boolean;
}

/** An output that knows how much it still holds (a Node stream's writableLength; 0 after write(2)). */
interface Drainable {
  readonly writableLength: number;
}

/** What read(2) gives on `fd` until end of file, or until it would block (a non-blocking pipe). */
export function readUntilBlocked(fd: number): { readonly bytes: Buffer; readonly complete: boolean } {
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.allocUnsafe(65_536);
    let count: number;
    try {
      count = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      if (errorCode(error) === 'EAGAIN') return { bytes: Buffer.concat(chunks), complete: false };
      if (errorCode(error) === 'EOF') break;
      throw error;
    }
    if (count === 0) break;
    chunks.push(chunk.subarray(0, count));
  }
  return { bytes: Buffer.concat(chunks), complete: true };
}

/** Whether `fd` is a terminal; `node:tty` (which loads `net`) is only consulted for character devices. */
function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/** Writes to a pipe or file descriptor with write(2); falls back to the stream when the pipe is non-blocking and full. */
class FdOutput implements Output, Drainable {
  readonly isTTY = false;
  readonly columns = undefined;
  readonly #fd: number;
  readonly #stream: () => NodeJS.WritableStream & Drainable;
  #broken = false;
  #streaming = false;

  constructor(fd: number, stream: () => NodeJS.WritableStream & Drainable) {
    this.#fd = fd;
    this.#stream = stream;
  }

  get writableLength(): number {
    return this.#streaming ? this.#stream().writableLength : 0;
  }

  write(text: string): boolean {
    if (this.#broken) return false;
    if (this.#streaming) return this.#stream().write(text);
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(this.#fd, bytes, offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          // From here on everything goes through the stream, so nothing overtakes what it buffers.
          this.#streaming = true;
          return this.#stream().write(bytes.subarray(offset));
        }
        // The reader went away (`autoswe verdicts | head -1`): stop writing, as other CLIs do.
        if (code === 'EPIPE') {
          this.#broken = true;
          return false;
        }
        throw error;
      }
    }
    return true;
  }
}
