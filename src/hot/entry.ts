import { processIo } from '../cli/process-io.js';
import { runCli } from '../cli/run.js';
import type { CommandSpec } from '../cli/spec.js';

/** What bin/autoswe.js calls on a single-file build (dist/hot/<command>.cjs). */
export interface HotEntry {
  /** Runs the command; resolves to its exit code. */
  main(argv: readonly string[]): Promise<number>;
  /**
   * After main: all output has reached stdout and stderr (written with write(2), or a stream that holds
   * nothing), so the launcher may exit at once instead of waiting for the event loop to wind down.
   */
  drained(): boolean;
}

/** The entry of a single-file build running `command`; `exitCode` may map the command's exit code. */
export function hotEntry(
  command: CommandSpec,
  exitCode: (code: number) => number = (code) => code,
): HotEntry {
  const io = processIo();
  return {
    main: async (argv) => exitCode(await runCli(argv, [command], io)),
    drained: () => io.drained(),
  };
}
