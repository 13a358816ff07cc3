import { AutosweError, EXIT_USAGE } from '../base/errors.js';
import { terminalJson, terminalOutput } from '../base/terminal-text.js';
import { resolveWorkspace, type Workspace } from '../core/runtime/workspace.js';
import type { OptionSpec, OptionValues } from './options.js';

export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

/** Where a command's input and output go; injected so commands run the same in tests. */
export interface CommandIo {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean | undefined };
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** All of stdin as text, when the io can read it more cheaply than through the `stdin` stream. */
  readonly stdinText?: () => Promise<string>;
}

/**
 * What a command gets: its arguments, its options typed from its declared list (`Options`, the registry's
 * `as const` list: `CommandContext<typeof VERDICTS_OPTIONS>`), io, and the workspace on demand. Code that
 * serves several commands asks for the options it reads (`CommandContext<JsonOnly>`), or none.
 */
export class CommandContext<Options extends readonly OptionSpec[] = readonly []> {
  readonly command: string;
  readonly args: readonly string[];
  /** By camel-cased name: `ctx.options.noFollow` is a boolean, `ctx.options.n` a number. */
  readonly options: OptionValues<Options>;
  readonly io: CommandIo;
  readonly rootOption: string | undefined;
  #workspace: Workspace | undefined;

  constructor(
    command: string,
    args: readonly string[],
    options: OptionValues<Options>,
    rootOption: string | undefined,
    io: CommandIo,
  ) {
    this.command = command;
    this.args = args;
    this.options = options;
    this.rootOption = rootOption;
    this.io = io;
  }

  get env(): NodeJS.ProcessEnv {
    return this.io.env;
  }

  /** Colour on stdout: only on a terminal, never with NO_COLOR; FORCE_COLOR forces it. */
  get color(): boolean {
    return colorEnabled(this.io.stdout, this.io.env);
  }

  /** The workspace (resolved once); exit 2 with docs/RUNTIME.md's message when there is none. */
  workspace(): Workspace {
    this.#workspace ??= resolveWorkspace({ rootOption: this.rootOption, env: this.io.env, cwd: this.io.cwd });
    return this.#workspace;
  }

  /** Human text on stdout: colours kept, any other escape sequence or control character shown visibly. */
  out(text: string): void {
    const safe = terminalOutput(text);
    this.io.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
  }

  /** Like out() without adding a newline: the way every command prints rendered text. */
  write(text: string): void {
    this.io.stdout.write(terminalOutput(text));
  }

  err(text: string): void {
    const safe = terminalOutput(text);
    this.io.stderr.write(safe.endsWith('\n') ? safe : `${safe}\n`);
  }

  /** Prints one JSON document on stdout. */
  printJson(value: unknown): void {
    this.io.stdout.write(`${terminalJson(value, 2)}\n`);
  }

  /** Reads all of stdin as text (for `state-merge -` and hook events). */
  async readStdin(): Promise<string> {
    if (this.io.stdinText) return this.io.stdinText();
    return (await streamBytes(this.io.stdin)).toString('utf8');
  }

  usageError(message: string): AutosweError {
    return new AutosweError(`${this.command}: ${message}`, EXIT_USAGE);
  }
}

/** Everything a stream yields, as one buffer. */
export async function streamBytes(stream: NodeJS.ReadableStream, head?: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = head ? [head] : [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

export function colorEnabled(stream: Output, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
