import { JSON_ONLY } from '../../cli/options.js';
import { type CommandSpec, command } from '../../cli/spec.js';
import { INSTALL_UNITS_OPTIONS, LOGS_OPTIONS } from './options.js';

/** Help group "Operator: lifecycle (systemd --user)": the units, start/stop and the service's journal. */
export const LIFECYCLE_COMMANDS: readonly CommandSpec[] = [
  command({
    name: 'start',
    group: 'lifecycle',
    summary: 'start autoswe.service and the watchdog and meta-judge timers (systemctl --user)',
    options: JSON_ONLY,
    load: () => import('../lifecycle.js'),
  }),
  command({
    name: 'stop',
    group: 'lifecycle',
    summary: 'stop the watchdog timer, the meta-judge timer, then autoswe.service',
    options: JSON_ONLY,
    load: () => import('../lifecycle.js'),
  }),
  command({
    name: 'restart',
    group: 'lifecycle',
    summary: 'restart autoswe.service',
    options: JSON_ONLY,
    load: () => import('../lifecycle.js'),
  }),
  command({
    name: 'logs',
    group: 'lifecycle',
    summary: "the service's journal (journalctl --user-unit autoswe.service), followed by default",
    options: LOGS_OPTIONS,
    load: () => import('../logs.js'),
  }),
  command({
    name: 'install-units',
    group: 'lifecycle',
    summary:
      'render deploy/ unit templates into ~/.config/systemd/user and daemon-reload; never enables or starts',
    description:
      "Renders the workspace's deploy/*.service, *.timer, *.path (else the package's), replacing @AUTOSWE_REPO_ROOT@,\n" +
      '@AUTOSWE_NODE@ and @AUTOSWE_CLI@. Idempotent: unchanged units are not rewritten. Refuses to overwrite a\n' +
      'unit it did not write (or one edited by hand) unless --force.',
    options: INSTALL_UNITS_OPTIONS,
    load: () => import('../install-units.js'),
  }),
];
