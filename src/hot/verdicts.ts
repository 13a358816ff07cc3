import { processIo } from '../cli/process-io.js';
import { runCli } from '../cli/run.js';
import { VERDICTS_COMMAND } from '../commands/registry/core.js';

/** `autoswe verdicts …` as one self-contained file (see docs/PERFORMANCE.md): run by bin/autoswe.js. */
export function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, [VERDICTS_COMMAND], processIo());
}
