import { type CommandSpec, JSON_OPTION } from '../../cli/spec.js';

/** Live monitoring: the TUI, watch-agent, attach and health (the monitoring issue). */
export const MONITOR_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'tui',
    group: 'operator',
    summary: 'the interactive TUI (the default with no command); prints status once when not on a terminal',
    description:
      'Keys: s refresh, p soft pause, P hard pause, r resume, a attach (tmux), v verdicts, j journey,\n' +
      'R rules review (a approve, x reject, A apply to rules.yaml), ? help, q quit (Esc or q goes back from a\n' +
      'view). Refreshes by itself on file changes.',
    options: [
      { ...JSON_OPTION, help: 'print the status as JSON once instead of drawing (as status --json)' },
    ],
    load: () => import('../tui.js'),
  },
  {
    name: 'watch-agent',
    group: 'operator',
    summary: 'live tail of the active agent transcript (ACTIVE), rendered readably, following new sessions',
    description:
      'Follows the transcript ACTIVE names and switches when the loop starts a new agent session; waits with a\n' +
      'message until one exists. Ctrl-C stops. --replay RUN [--iter N] shows a past transcript instead.',
    options: [
      { name: 'raw', type: 'boolean', help: 'print transcript lines as they are, without rendering' },
      {
        name: 'lines',
        short: 'n',
        type: 'int',
        arg: 'N',
        min: 0,
        defaultValue: 20,
        help: 'lines of the current session shown at start',
      },
      {
        name: 'replay',
        type: 'string',
        arg: 'RUN',
        help: "show a past run's transcript (its last iteration)",
      },
      { name: 'iter', type: 'int', arg: 'N', min: 0, help: 'with --replay: the transcript of iteration N' },
      {
        name: 'json',
        type: 'boolean',
        help: 'parsed events: one JSON document with --replay, else one event a line (JSON Lines)',
      },
    ],
    load: () => import('../watch-agent.js'),
  },
  {
    name: 'attach',
    group: 'operator',
    summary:
      'tmux session "autoswe": transcript, status, GPU/proxy, verdicts panes; made if absent, then attached',
    description:
      'Inside tmux ($TMUX set) it switches the client instead of nesting. --no-attach only creates the session.',
    options: [
      { name: 'no-attach', type: 'boolean', help: 'create the session (if absent) but do not attach to it' },
      JSON_OPTION,
    ],
    load: () => import('../attach.js'),
  },
  {
    name: 'health',
    group: 'operator',
    summary: 'GPU (nvidia-smi) and model proxy health; exit 1 when the proxy is not healthy',
    options: [
      { name: 'watch', type: 'int', arg: 'SECONDS', min: 1, help: 'probe again every SECONDS until Ctrl-C' },
      JSON_OPTION,
    ],
    load: () => import('../health.js'),
  },
];
