import { type CommandSpec, JSON_OPTION } from '../../cli/spec.js';

/** The systemd --user lifecycle (issue 3): units, start/stop, logs, and what the timers run. */
export const LIFECYCLE_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'start',
    group: 'lifecycle',
    summary: 'start autoswe.service and the watchdog and meta-judge timers (systemctl --user)',
    options: [JSON_OPTION],
    load: () => import('../lifecycle.js'),
  },
  {
    name: 'stop',
    group: 'lifecycle',
    summary: 'stop the watchdog timer, the meta-judge timer, then autoswe.service',
    options: [JSON_OPTION],
    load: () => import('../lifecycle.js'),
  },
  {
    name: 'restart',
    group: 'lifecycle',
    summary: 'restart autoswe.service',
    options: [JSON_OPTION],
    load: () => import('../lifecycle.js'),
  },
  {
    name: 'logs',
    group: 'lifecycle',
    summary: "the service's journal (journalctl --user-unit autoswe.service), followed by default",
    options: [
      { name: 'n', short: 'n', type: 'int', arg: 'N', min: 0, defaultValue: 50, help: 'how many past lines' },
      { name: 'no-follow', type: 'boolean', help: 'print and exit instead of following' },
      { name: 'json', type: 'boolean', help: 'print the entries as one JSON document (implies --no-follow)' },
    ],
    load: () => import('../logs.js'),
  },
  {
    name: 'install-units',
    group: 'lifecycle',
    summary:
      'render deploy/ unit templates into ~/.config/systemd/user and daemon-reload; never enables or starts',
    description:
      "Renders the workspace's deploy/*.service, *.timer, *.path (else the package's), replacing @AUTOSWE_REPO_ROOT@,\n" +
      '@AUTOSWE_NODE@ and @AUTOSWE_CLI@. Idempotent: unchanged units are not rewritten. Refuses to overwrite a\n' +
      'unit it did not write (or one edited by hand) unless --force.',
    options: [
      { name: 'dest', type: 'string', arg: 'DIR', help: 'write the units here instead' },
      { name: 'force', type: 'boolean', help: 'replace unit files autoswe did not write' },
      JSON_OPTION,
    ],
    load: () => import('../install-units.js'),
  },
  {
    name: 'watchdog',
    group: 'loop',
    summary: 'one watchdog pass: wedge-pause a RUNNING loop whose heartbeat is stale (run by its timer)',
    options: [JSON_OPTION],
    load: () => import('../watchdog.js'),
  },
  {
    name: 'meta-judge',
    group: 'loop',
    summary: 'one meta-judge pass over recent verdicts, proposing rules into RULES_QUEUE (run by its timer)',
    options: [JSON_OPTION],
    load: () => import('../meta-judge.js'),
  },
  {
    name: 'lease-ready',
    group: 'loop',
    summary: 'exit 0 once the model proxy answers healthy; 1 after --wait seconds with the last error',
    options: [
      { name: 'wait', type: 'int', arg: 'S', min: 0, defaultValue: 0, help: 'keep trying this many seconds' },
      JSON_OPTION,
    ],
    load: () => import('../lease-ready.js'),
  },
];
