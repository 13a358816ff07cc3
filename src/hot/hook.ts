import { processIo } from '../cli/process-io.js';
import { runCli } from '../cli/run.js';
import { HOOK_COMMAND } from '../commands/registry/loop-run.js';

/** Exit 2 blocks the tool call in Claude Code; 1 (what an unexpected error gives) would let it through. */
const EXIT_BLOCK = 2;

/**
 * `autoswe hook …` as one self-contained file (see docs/PERFORMANCE.md, "hook"): run by bin/autoswe.js.
 * Fails closed even where the command itself cannot catch (a failure to load it): any non-zero is 2.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const code = await runCli(argv, [HOOK_COMMAND], processIo());
  return code === 0 ? 0 : EXIT_BLOCK;
}
