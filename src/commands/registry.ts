import type { CommandSpec } from '../cli/spec.js';
import { CORE_COMMANDS } from './registry/core.js';
import { LIFECYCLE_COMMANDS } from './registry/lifecycle.js';
import { LOOP_COMMANDS } from './registry/loop.js';
import { MONITOR_COMMANDS } from './registry/monitor.js';
import { WEB_COMMANDS } from './registry/web.js';

/** Every command: names, summaries and options only; each implementation is imported when it runs. */
export const COMMANDS: readonly CommandSpec[] = [
  ...CORE_COMMANDS,
  ...MONITOR_COMMANDS,
  ...WEB_COMMANDS,
  ...LIFECYCLE_COMMANDS,
  ...LOOP_COMMANDS,
];

/** What `autoswe` with no subcommand runs. */
export const DEFAULT_COMMAND = 'tui';
