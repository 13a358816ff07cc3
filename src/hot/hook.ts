import { processIo } from '../cli/process-io.js';
import { runCli } from '../cli/run.js';
import { HOOK_COMMAND } from '../commands/registry/loop-run.js';

/** `autoswe hook …` as one self-contained file (see docs/PERFORMANCE.md, "hook"): run by bin/autoswe.js. */
export function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, [HOOK_COMMAND], processIo());
}
