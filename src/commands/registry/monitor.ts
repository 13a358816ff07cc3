import type { CommandSpec } from '../../cli/spec.js';

/** Live monitoring: the TUI, watch-agent and attach (the monitoring issue). */
export const MONITOR_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'tui',
    group: 'operator',
    summary: 'the interactive TUI (the default with no command); prints status once when not on a terminal',
    load: () => import('../tui.js'),
  },
];
