import { type CommandSpec, command } from '../../cli/spec.js';
import {
  INSTALL_UNITS_OPTIONS,
  LIFECYCLE_OPTIONS,
  LOGS_OPTIONS,
  UNINSTALL_UNITS_OPTIONS,
} from './options.js';

/** Help group "Operator: lifecycle (systemd --user)": the units, start/stop and the service's journal. */
export const LIFECYCLE_COMMANDS: readonly CommandSpec[] = [
  command({
    name: 'start',
    group: 'lifecycle',
    summary:
      "start this workspace's autoswe@NAME.service and its watchdog and meta-judge timers (--all: every one)",
    options: LIFECYCLE_OPTIONS,
    load: () => import('../lifecycle.js'),
  }),
  command({
    name: 'stop',
    group: 'lifecycle',
    summary:
      "stop this workspace's watchdog and meta-judge timers, then autoswe@NAME.service (--all: every one)",
    options: LIFECYCLE_OPTIONS,
    load: () => import('../lifecycle.js'),
  }),
  command({
    name: 'restart',
    group: 'lifecycle',
    summary: "restart this workspace's autoswe@NAME.service, and start its timers (--all: every one)",
    options: LIFECYCLE_OPTIONS,
    load: () => import('../lifecycle.js'),
  }),
  command({
    name: 'logs',
    group: 'lifecycle',
    summary:
      "this workspace's service journal (journalctl --user-unit autoswe@NAME.service), followed (--all: every one)",
    options: LOGS_OPTIONS,
    load: () => import('../logs.js'),
  }),
  command({
    name: 'install-units',
    group: 'lifecycle',
    summary:
      'render the template units into ~/.config/systemd/user, register this workspace by its name, daemon-reload',
    description:
      "Renders the workspace's deploy/*@.service, *@.timer, *@.path (else the package's), replacing\n" +
      '@AUTOSWE_REGISTRY@, @AUTOSWE_NODE@ and @AUTOSWE_CLI@, and links ~/.config/autoswe/workspaces/NAME to the\n' +
      "workspace (NAME: autoswe.yaml's name:, default the folder's name). Idempotent. Refuses to overwrite a unit\n" +
      'it did not write (or one edited by hand) unless --force, and a NAME registered for another workspace.\n' +
      'Moves a workspace off the fixed-name units of an older autoswe (stopped, disabled, removed; the new\n' +
      'instance is started only if the old service was running). Never enables anything.',
    options: INSTALL_UNITS_OPTIONS,
    load: () => import('../install-units.js'),
  }),
  command({
    name: 'uninstall-units',
    group: 'lifecycle',
    summary:
      "stop and disable this workspace's instance, remove its registry link; other workspaces keep running",
    description:
      'The shared template unit files are removed with the last registered workspace (only when unedited).',
    options: UNINSTALL_UNITS_OPTIONS,
    load: () => import('../uninstall-units.js'),
  }),
];
