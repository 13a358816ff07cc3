import { failureDetail } from '../../adapters/spawn.js';
import {
  META_JUDGE_TIMER,
  requireUserManager,
  SERVICE_UNIT,
  showUnits,
  systemctlUser,
  WATCHDOG_TIMER,
} from '../../adapters/systemd.js';
import { AutosweError } from '../../base/errors.js';
import { requireInstalledUnits, STARTED_UNITS, type UnitState, unitState } from './unit-state.js';

export type LifecycleAction = 'start' | 'stop' | 'restart';

export interface LifecycleOutcome {
  readonly action: LifecycleAction;
  /** The service and timers after the action. */
  readonly units: readonly UnitState[];
}

/**
 * The systemctl calls of each action, in order: `stop` takes the timers down before the service; `restart`
 * restarts the service and makes sure its timers run (after a `stop` they do not), so a restarted loop is
 * never left without its watchdog.
 */
const STEPS: Record<LifecycleAction, readonly (readonly string[])[]> = {
  start: [['start', ...STARTED_UNITS]],
  stop: [
    ['stop', WATCHDOG_TIMER, META_JUDGE_TIMER],
    ['stop', SERVICE_UNIT],
  ],
  restart: [
    ['restart', SERVICE_UNIT],
    ['start', WATCHDOG_TIMER, META_JUDGE_TIMER],
  ],
};

/**
 * Starts, stops or restarts the units through systemctl --user. Refused inside a config run (a shell the
 * loop started must not touch its own service), and when systemd, the user manager or the units are missing.
 */
export async function runLifecycle(
  action: LifecycleAction,
  env: NodeJS.ProcessEnv,
  /** Told once the checks pass, before systemctl may block (start waits for the model proxy). */
  onBegin: () => void = () => undefined,
  /** The workspace the command runs in, if any: the units must run its loop to be started from it. */
  here?: string,
): Promise<LifecycleOutcome> {
  if (env.AUTOSWE_RUN_CONFIG) {
    throw new AutosweError(
      `refusing to ${action} the service: AUTOSWE_RUN_CONFIG is set (${env.AUTOSWE_RUN_CONFIG}), so this shell runs inside a config run`,
    );
  }
  const systemctl = requireUserManager(env);
  const { states, root } = await requireInstalledUnits(systemctl, env);
  if (action !== 'stop' && here !== undefined && root !== null && root !== here) {
    // The unit names are fixed (one workspace per user): starting here would run another workspace's loop.
    throw new AutosweError(
      `the installed units run the loop of ${root}, not this workspace (${here}); run 'autoswe install-units' here to switch them, or 'autoswe ${action}' in ${root}`,
    );
  }
  const steps = [...STEPS[action]];
  // An operator's explicit start clears a failed state, and with it a start limit hit by a crash loop.
  const failed = states.some((state) => state.unit === SERVICE_UNIT && state.active === 'failed');
  if (action !== 'stop' && failed) steps.unshift(['reset-failed', SERVICE_UNIT]);
  onBegin();
  for (const args of steps) {
    const result = await systemctlUser(systemctl, args, env);
    if (result.code !== 0) {
      throw new AutosweError(
        `systemctl --user ${args.join(' ')} failed: ${failureDetail(result).replace(/\.$/, '')}; 'autoswe logs --no-follow' shows why`,
      );
    }
  }
  const after = await showUnits(
    systemctl,
    STARTED_UNITS,
    ['LoadState', 'ActiveState', 'SubState', 'ExecStart'],
    env,
  );
  return { action, units: STARTED_UNITS.map((unit) => unitState(unit, after)) };
}
