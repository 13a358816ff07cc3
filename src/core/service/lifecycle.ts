import { existsSync } from 'node:fs';
import { failureDetail } from '../../adapters/spawn.js';
import { requireUserManager, showUnits, systemctlUser } from '../../adapters/systemd.js';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { currentUser } from '../../base/identity.js';
import { recordEvent } from '../events/record.js';
import { isInstanceName } from '../runtime/instance-name.js';
import { readRegistry, registeredName, registryDir } from '../runtime/registry.js';
import { workspaceAt } from '../runtime/workspace.js';
import { type InstanceUnits, instanceUnits, startedUnits } from './unit-names.js';
import { requireInstalledUnits, type UnitState, unitState } from './unit-state.js';
import { legacyUnitsInstalled } from './units.js';

export type LifecycleAction = 'start' | 'stop' | 'restart';

/** One workspace's instance to act on. */
export interface LifecycleTarget {
  readonly name: string;
  readonly root: string | null;
}

export interface InstanceOutcome extends LifecycleTarget {
  /** The service and timers after the action. */
  readonly units: readonly UnitState[];
  /** Set with `--all` when this instance's action failed (the others still ran). */
  readonly error: string | null;
}

export interface LifecycleOutcome {
  readonly action: LifecycleAction;
  readonly instances: readonly InstanceOutcome[];
  /** Registry entries `--all` left out, and why. */
  readonly skipped: readonly { readonly name: string; readonly problem: string }[];
}

/**
 * The systemctl calls of each action, in order: `stop` takes the timers down before the service; `restart`
 * restarts the service and makes sure its timers run (after a `stop` they do not), so a restarted loop is
 * never left without its watchdog.
 */
export function lifecycleSteps(action: LifecycleAction, units: InstanceUnits): string[][] {
  if (action === 'start') return [['start', ...startedUnits(units)]];
  if (action === 'stop') {
    return [
      ['stop', units.watchdogTimer, units.metaJudgeTimer],
      ['stop', units.service],
    ];
  }
  return [
    ['restart', units.service],
    ['start', units.watchdogTimer, units.metaJudgeTimer],
  ];
}

/** Refused inside a config run: a shell the loop started must not touch its own service. */
export function refuseInsideRun(action: string, env: NodeJS.ProcessEnv): void {
  if (env.AUTOSWE_RUN_CONFIG) {
    throw new AutosweError(
      `refusing to ${action} the service: AUTOSWE_RUN_CONFIG is set (${env.AUTOSWE_RUN_CONFIG}), so this shell runs inside a config run`,
    );
  }
}

/** Refused inside a config run, and without systemctl or a user manager: checked before anything else. */
export function lifecycleCheck(action: string, env: NodeJS.ProcessEnv): void {
  refuseInsideRun(action, env);
  requireUserManager(env);
}

/** The hint for a workspace that has no registry entry. */
export function unregisteredMessage(root: string, env: NodeJS.ProcessEnv): string {
  const legacy = legacyUnitsInstalled(env)
    ? "; the fixed-name units of an older autoswe are installed, and 'autoswe install-units' migrates them"
    : '';
  return `this workspace (${root}) is not registered in ${registryDir(env)}, so no units run it; run 'autoswe install-units' here first${legacy}`;
}

/**
 * What a lifecycle command acts on: this workspace's instance, or with `all` every registered workspace
 * (a broken entry is skipped and said, except by `stop`, which stops whatever runs under a valid name).
 */
export function lifecycleTargets(
  action: LifecycleAction | 'logs',
  env: NodeJS.ProcessEnv,
  all: boolean,
  here: () => string,
): { targets: LifecycleTarget[]; skipped: { name: string; problem: string }[] } {
  if (!all) {
    const root = here();
    const name = registeredName(env, root);
    if (name === null) throw new AutosweError(unregisteredMessage(root, env));
    return { targets: [{ name, root }], skipped: [] };
  }
  const entries = readRegistry(env);
  if (entries.length === 0) {
    throw new AutosweError(
      `no workspace is registered in ${registryDir(env)}; 'autoswe install-units' in a workspace registers it`,
      EXIT_USAGE,
    );
  }
  const targets: LifecycleTarget[] = [];
  const skipped: { name: string; problem: string }[] = [];
  for (const entry of entries) {
    if (entry.kind === 'ok') targets.push({ name: entry.name, root: entry.root });
    else if ((action === 'stop' || action === 'logs') && isInstanceName(entry.name))
      targets.push({ name: entry.name, root: entry.root });
    else skipped.push({ name: entry.name, problem: `${entry.path}: ${entry.problem}` });
  }
  return { targets, skipped };
}

/**
 * Starts, stops or restarts each target's instance through systemctl --user. Refused inside a config run,
 * and when systemd, the user manager or a target's units are missing. One target: its failure is thrown.
 * Several (`--all`): each runs at once, and a failure is kept in its outcome while the others go on.
 */
export async function runLifecycle(
  action: LifecycleAction,
  env: NodeJS.ProcessEnv,
  targets: readonly LifecycleTarget[],
  /** Told once the checks pass, before systemctl may block (start waits for the model proxy). */
  onBegin: () => void = () => undefined,
  skipped: LifecycleOutcome['skipped'] = [],
): Promise<LifecycleOutcome> {
  refuseInsideRun(action, env);
  const systemctl = requireUserManager(env);
  const single = targets.length === 1 && skipped.length === 0;
  const planned = await Promise.all(
    targets.map(async (target) => {
      const units = instanceUnits(target.name);
      try {
        const { states } = await requireInstalledUnits(systemctl, env, units);
        const steps = lifecycleSteps(action, units);
        // An operator's explicit start clears a failed state, and with it a start limit hit by a crash loop.
        const failed = states.some((state) => state.unit === units.service && state.active === 'failed');
        if (action !== 'stop' && failed) steps.unshift(['reset-failed', units.service]);
        return { target, units, steps, error: null };
      } catch (error) {
        if (single) throw error;
        return { target, units, steps: [], error: (error as Error).message };
      }
    }),
  );
  onBegin();
  const instances = await Promise.all(
    planned.map(async ({ target, units, steps, error }): Promise<InstanceOutcome> => {
      let failure = error;
      for (const args of steps) {
        const result = await systemctlUser(systemctl, args, env);
        if (result.code !== 0) {
          failure = `systemctl --user ${args.join(' ')} failed: ${failureDetail(result).replace(/\.$/, '')}; 'autoswe logs --no-follow' shows why`;
          if (single) throw new AutosweError(failure);
          break;
        }
      }
      if (failure === null && target.root !== null) recordLifecycle(action, target.root, units.service, env);
      const shown = startedUnits(units);
      const after = await showUnits(
        systemctl,
        shown,
        ['LoadState', 'ActiveState', 'SubState', 'ExecStart'],
        env,
      );
      return { ...target, units: shown.map((unit) => unitState(unit, after)), error: failure };
    }),
  );
  return { action, instances, skipped };
}

/** `service.started` (start, restart) or `service.stopped`, by the operator who ran the command. */
function recordLifecycle(action: LifecycleAction, root: string, unit: string, env: NodeJS.ProcessEnv): void {
  const workspace = workspaceAt(root, { ...env, AUTOSWE_RUNTIME_DIR: '' });
  // A registry link to a workspace that is gone must not make its folder again.
  if (!existsSync(workspace.paths.config)) return;
  recordEvent(
    workspace,
    {
      type: action === 'stop' ? 'service.stopped' : 'service.started',
      by: currentUser(env),
      reason: `autoswe ${action}`,
      unit,
    },
    { ...env, AUTOSWE_RUN_CONFIG: '' },
  );
}
