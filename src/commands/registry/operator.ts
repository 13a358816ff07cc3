import { JSON_ONLY } from '../../cli/options.js';
import { type CommandSpec, command } from '../../cli/spec.js';
import { STATUS_COMMAND, VERDICTS_COMMAND } from './hot.js';
import {
  ATTACH_OPTIONS,
  COST_OPTIONS,
  FLEET_OPTIONS,
  HEALTH_OPTIONS,
  HISTORY_OPTIONS,
  JOURNEY_OPTIONS,
  NOTIFY_OPTIONS,
  PAUSE_OPTIONS,
  RESUME_OPTIONS,
  RULES_REVIEW_OPTIONS,
  SERVE_OPTIONS,
  TUI_OPTIONS,
  WATCH_AGENT_OPTIONS,
} from './options.js';

/** Help group "Operator: pause, status, monitoring": what an operator runs by hand. */
export const OPERATOR_COMMANDS: readonly CommandSpec[] = [
  STATUS_COMMAND,
  command({
    name: 'pause',
    group: 'operator',
    summary: 'soft-pause the loop before its next vertex (--hard also denies agent tool calls)',
    options: PAUSE_OPTIONS,
    load: () => import('../pause.js'),
  }),
  command({
    name: 'resume',
    group: 'operator',
    summary: 'remove PAUSE and PAUSE_HARD; the loop wakes at once',
    options: RESUME_OPTIONS,
    load: () => import('../resume.js'),
  }),
  VERDICTS_COMMAND,
  command({
    name: 'history',
    group: 'operator',
    summary: 'operator events (runs, pauses, wedges, rules, flips, services), newest first',
    description:
      'Reads EVENTS from the end. Each line: time, type, who (a user, loop, watchdog, meta-judge, systemd…),\n' +
      'what happened and why. --type run,paused; --since 2h or --since 2026-11-24.',
    options: HISTORY_OPTIONS,
    load: () => import('../history.js'),
  }),
  command({
    name: 'notify',
    group: 'operator',
    summary:
      'where events are sent (autoswe.yaml notify:), what is pending, the last deliveries; --test sends one',
    description:
      'Without options: the receivers, the event types sent, how many events wait, and the end of notify.log.\n' +
      '--test sends a test event to each receiver now and prints what each answered.',
    options: NOTIFY_OPTIONS,
    load: () => import('../notify.js'),
  }),
  command({
    name: 'unskip',
    group: 'operator',
    summary: 'put a module the breaker set aside back into select-module for this epoch',
    usage: 'MODULE',
    args: { min: 1, max: 1 },
    options: JSON_ONLY,
    load: () => import('../unskip.js'),
  }),
  command({
    name: 'cost',
    group: 'operator',
    summary: 'tokens and USD of the agent sessions per run, day or module, and per GREEN cell gained',
    options: COST_OPTIONS,
    load: () => import('../cost.js'),
  }),
  command({
    name: 'trend',
    group: 'operator',
    summary: 'GREEN over time, cells per hour (6 h, 24 h), REVERT rate and the expected finish',
    options: JSON_ONLY,
    load: () => import('../trend.js'),
  }),
  command({
    name: 'journey',
    group: 'operator',
    summary: 'the latest (or Nth) journey entry, rendered for the terminal',
    options: JOURNEY_OPTIONS,
    load: () => import('../journey.js'),
  }),
  command({
    name: 'rules-review',
    group: 'operator',
    summary: 'pending rule proposals; approve ID, reject ID [-m NOTE], apply',
    usage: '[approve ID | reject ID | apply]',
    description:
      'Without an action, lists pending proposals, each marked auto-applicable (additive) or needs approval\n' +
      '(relaxation, removal). apply writes approved and additive proposals into rules.yaml.',
    args: { min: 0, max: 2 },
    options: RULES_REVIEW_OPTIONS,
    load: () => import('../rules-review.js'),
  }),
  command({
    name: 'tui',
    group: 'operator',
    summary: 'the interactive TUI (the default with no command); prints status once when not on a terminal',
    // Written out, not imported from src/tui/keys.ts, which would load TUI code for every command's start;
    // test/tui/keys.test.tsx checks it against the key table.
    description:
      'Keys: s refresh, p soft pause, P hard pause, r resume, a attach (tmux), v verdicts, j journey (←→\n' +
      'older/newer), R rules review (↑↓ select, a approve, x reject, A apply to rules.yaml), t full\n' +
      'transcript, e event history, ? help, q quit, Esc/q back from a view. Refreshes by itself on file\n' +
      'changes.',
    options: TUI_OPTIONS,
    load: () => import('../tui.js'),
  }),
  command({
    name: 'watch-agent',
    group: 'operator',
    summary: 'live tail of the active agent transcript (ACTIVE), rendered readably, following new sessions',
    description:
      'Follows the transcript ACTIVE names and switches when the loop starts a new agent session; waits with a\n' +
      'message until one exists. Ctrl-C stops. --replay RUN [--iter N] shows a past transcript instead.\n' +
      "--session follows Claude Code's own session file of the active session (found through the session_id\n" +
      'of its init event and CLAUDE_CONFIG_DIR); bookkeeping lines are skipped unless --raw.',
    options: WATCH_AGENT_OPTIONS,
    load: () => import('../watch-agent.js'),
  }),
  command({
    name: 'attach',
    group: 'operator',
    summary:
      'tmux session "autoswe": transcript, status, GPU/proxy, verdicts panes; made if absent, then attached',
    description:
      'Inside tmux ($TMUX set) it switches the client instead of nesting. --no-attach only creates the session.',
    options: ATTACH_OPTIONS,
    load: () => import('../attach.js'),
  }),
  command({
    name: 'health',
    group: 'operator',
    summary: 'GPU (nvidia-smi) and model proxy health; exit 1 when the proxy is not healthy',
    options: HEALTH_OPTIONS,
    load: () => import('../health.js'),
  }),
  command({
    name: 'fleet',
    group: 'operator',
    summary: 'every loop, local (registered workspaces) and remote (fleet.yaml), most urgent first',
    description:
      'Local loops come from ~/.config/autoswe/workspaces, remote ones from ~/.config/autoswe/fleet.yaml\n' +
      "([{name, url, token | token_file | token_env}], each a host's autoswe serve), asked at once, each cut at\n" +
      '--timeout. Order: wedged, waiting, paused, failed, stale heartbeat, unreachable, running, the rest.',
    options: FLEET_OPTIONS,
    load: () => import('../fleet.js'),
  }),
  command({
    name: 'serve',
    group: 'operator',
    summary: 'the live web page: status, journey, parity grid, verdicts, rules (loopback by default)',
    description:
      'Serves until Ctrl-C or SIGTERM. A non-loopback --host needs a token (--token or AUTOSWE_SERVE_TOKEN),\n' +
      'asked of every request: open http://HOST:PORT/?token=TOKEN once, or send Authorization: Bearer TOKEN.\n' +
      'JSON API: /api/status, /api/journey, /api/journey/N, /api/parity, /api/verdicts, /api/rules, /api/history,\n' +
      '/api/events (the change stream).',
    options: SERVE_OPTIONS,
    load: () => import('../serve.js'),
  }),
];
