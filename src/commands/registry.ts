import type { CommandSpec } from '../cli/spec.js';
import { LIFECYCLE_COMMANDS } from './registry/lifecycle.js';
import { LOOP_COMMANDS } from './registry/loop.js';
import { OPERATOR_COMMANDS } from './registry/operator.js';
import { SETUP_COMMANDS } from './registry/setup.js';

/**
 * Every command, one file per help group: names, summaries and options only; each implementation is
 * imported when it runs.
 */
export const COMMANDS: readonly CommandSpec[] = [
  ...OPERATOR_COMMANDS,
  ...LIFECYCLE_COMMANDS,
  ...LOOP_COMMANDS,
  ...SETUP_COMMANDS,
];

/** What `autoswe` with no subcommand runs. */
export const DEFAULT_COMMAND = 'tui';
