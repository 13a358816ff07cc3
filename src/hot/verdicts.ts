import { VERDICTS_COMMAND } from '../commands/registry/hot.js';
import { hotEntry } from './entry.js';

/** `autoswe verdicts …` as one self-contained file (see docs/PERFORMANCE.md): run by bin/autoswe.js. */
export const { main, drained } = hotEntry(VERDICTS_COMMAND);
