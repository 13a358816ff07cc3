import { HOOK_COMMAND } from '../commands/registry/hot.js';
import { hotEntry } from './entry.js';

/** Exit 2 blocks the tool call in Claude Code; 1 (what an unexpected error gives) would let it through. */
const EXIT_BLOCK = 2;

/**
 * `autoswe hook …` as one self-contained file (see docs/PERFORMANCE.md, "hook"): run by bin/autoswe.js.
 * Fails closed even where the command itself cannot catch (a failure to load it): any non-zero is 2.
 */
export const { main, drained } = hotEntry(HOOK_COMMAND, (code) => (code === 0 ? 0 : EXIT_BLOCK));
