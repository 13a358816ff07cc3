import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  execStartPath,
  locateUserManager,
  parseSystemdTimestamp,
  showUnits,
  type UnitProperties,
} from '../../adapters/systemd.js';
import { AutosweError, errorMessage } from '../../base/errors.js';
import { registeredName, registryEntry } from '../runtime/registry.js';
import { allUnits, type InstanceUnits, instanceUnits } from './unit-names.js';
import { legacyUnitsInstalled } from './units.js';

/** One unit as systemd sees it. "Not installed" and "inactive" are normal states, not errors. */
export interface UnitState {
  readonly unit: string;
  readonly installed: boolean;
  /** systemd's LoadState, ActiveState and SubState (`loaded`, `active`, `running`…). */
  readonly load: string;
  readonly active: string;
  readonly sub: string;
  /** Why the installed unit cannot run as written (its program is gone), else null. */
  readonly problem: string | null;
}

/** A timer and the oneshot service it fires. */
export interface TimerState extends UnitState {
  /** When its service last started, and how that run ended (`success`, `exit-code`…). */
  readonly lastRun: string | null;
  readonly lastResult: string | null;
  readonly nextRun: string | null;
}

export type ServiceView =
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'error'; readonly message: string }
  /** The workspace has no registry entry, so no instance of the units runs it (`install-units` makes one). */
  | {
      readonly kind: 'unregistered';
      /** Fixed-name units of an older autoswe are installed: `install-units` migrates them. */
      readonly legacy: boolean;
    }
  | {
      readonly kind: 'ok';
      /** The instance name: the workspace's registry entry. */
      readonly name: string;
      /** The workspace the registry entry points at. */
      readonly root?: string | null;
      readonly service: UnitState;
      readonly watchdog: TimerState;
      readonly metaJudge: TimerState;
    };

const SHOWN_PROPERTIES = [
  'LoadState',
  'ActiveState',
  'SubState',
  'Result',
  'ExecStart',
  'ExecMainStartTimestamp',
  'NextElapseUSecRealtime',
  'LastTriggerUSec',
];

/** A short deadline: status must never hang on a stuck user manager. */
export const SERVICE_PROBE_TIMEOUT_MS = 800;

/**
 * The service's and timers' states of the instance registered for `root`, from one `systemctl --user show`
 * spawn; nothing is spawned when systemctl or the user manager is missing, or the workspace is not
 * registered. The reason when unavailable is short: it is a status line, `start` gives the long advice.
 */
export async function probeService(
  env: NodeJS.ProcessEnv,
  root: string,
  timeoutMs = SERVICE_PROBE_TIMEOUT_MS,
): Promise<ServiceView> {
  const manager = locateUserManager(env);
  if (manager.kind !== 'ok') return { kind: 'unavailable', reason: manager.short };
  let name: string | null;
  try {
    name = registeredName(env, root);
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
  if (name === null) return { kind: 'unregistered', legacy: legacyUnitsInstalled(env) };
  const names = instanceUnits(name);
  let units: Map<string, UnitProperties>;
  try {
    units = await showUnits(manager.systemctl, allUnits(names), SHOWN_PROPERTIES, env, timeoutMs);
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
  return instanceView(env, names, units);
}

/** The view of one instance from a `systemctl show` of its five units (fleet asks for many in one spawn). */
export function instanceView(
  env: NodeJS.ProcessEnv,
  names: InstanceUnits,
  units: Map<string, UnitProperties>,
): Extract<ServiceView, { kind: 'ok' }> {
  withTimerStamps(env, names, units);
  const entry = registryEntry(env, names.name);
  return {
    kind: 'ok',
    name: names.name,
    root: entry?.root ?? null,
    service: unitState(names.service, units),
    watchdog: timerState(names.watchdogTimer, names.watchdogService, units),
    metaJudge: timerState(names.metaJudgeTimer, names.metaJudgeService, units),
  };
}

/** The properties probeService reads, for callers that ask for many instances at once. */
export const SERVICE_PROPERTIES: readonly string[] = SHOWN_PROPERTIES;

/**
 * systemd forgets a stopped timer's last trigger; a `Persistent=` timer (meta-judge) keeps a stamp file
 * whose mtime systemd sets to it. One stat per stopped timer systemd says nothing for.
 */
function withTimerStamps(
  env: NodeJS.ProcessEnv,
  names: InstanceUnits,
  units: Map<string, UnitProperties>,
): void {
  const data =
    env.XDG_DATA_HOME || join(env.HOME || process.getBuiltinModule('node:os').homedir(), '.local', 'share');
  for (const timer of [names.watchdogTimer, names.metaJudgeTimer]) {
    const properties = units.get(timer);
    if (properties === undefined || properties.LoadState === 'not-found') continue;
    if (properties.LastTriggerUSec || properties.ActiveState === 'active') continue;
    const stamp = statSync(join(data, 'systemd', 'timers', `stamp-${timer}`), { throwIfNoEntry: false });
    if (stamp !== undefined) {
      units.set(timer, { ...properties, LastTriggerUSec: `@${Math.floor(stamp.mtimeMs / 1000)}` });
    }
  }
}

export function unitState(unit: string, units: Map<string, UnitProperties>): UnitState {
  const properties = units.get(unit) ?? {};
  const load = properties.LoadState ?? 'unknown';
  return {
    unit,
    installed: load !== 'not-found' && load !== 'unknown',
    load,
    active: properties.ActiveState ?? 'unknown',
    sub: properties.SubState ?? 'unknown',
    problem: missingProgram(unit, properties),
  };
}

function timerState(timer: string, service: string, units: Map<string, UnitProperties>): TimerState {
  const fired = units.get(service) ?? {};
  const state = unitState(timer, units);
  const serviceRun = parseSystemdTimestamp(fired.ExecMainStartTimestamp);
  // systemd forgets a finished oneshot once nothing holds it (its timer stopped): the timer still knows.
  return {
    ...state,
    problem: state.problem ?? missingProgram(service, fired),
    lastRun: serviceRun ?? parseSystemdTimestamp(units.get(timer)?.LastTriggerUSec),
    lastResult: serviceRun === null ? null : (fired.Result ?? null),
    nextRun: parseSystemdTimestamp(units.get(timer)?.NextElapseUSecRealtime),
  };
}

/** A node upgrade or move can leave an installed unit pointing at a program that is gone: say so plainly. */
function missingProgram(unit: string, properties: UnitProperties): string | null {
  const program = execStartPath(properties.ExecStart);
  if (program === null || existsSync(program)) return null;
  return `${unit} runs ${program}, which no longer exists (node upgraded or moved?); run 'autoswe install-units' to re-render the units`;
}

export const NOT_INSTALLED_HINT = "run 'autoswe install-units' first";

/** The installed units `start`/`stop` drive. */
export interface InstalledUnits {
  readonly states: readonly UnitState[];
}

/** The states of one instance's units; an error naming what is missing when they are not installed. */
export async function requireInstalledUnits(
  systemctl: string,
  env: NodeJS.ProcessEnv,
  names: InstanceUnits,
): Promise<InstalledUnits> {
  const units = await showUnits(systemctl, allUnits(names), SHOWN_PROPERTIES, env);
  const states = allUnits(names).map((unit) => unitState(unit, units));
  const missing = states.filter((state) => !state.installed).map((state) => state.unit);
  if (missing.length > 0) {
    throw new AutosweError(
      `the systemd user units are not installed (${missing.join(', ')} not found); ${NOT_INSTALLED_HINT}`,
    );
  }
  const broken = states.find((state) => state.problem !== null);
  if (broken?.problem) throw new AutosweError(broken.problem);
  return { states };
}
