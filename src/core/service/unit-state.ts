import { existsSync } from 'node:fs';
import {
  execStartPath,
  locateUserManager,
  META_JUDGE_SERVICE,
  META_JUDGE_TIMER,
  parseSystemdTimestamp,
  SERVICE_UNIT,
  showUnits,
  type UnitProperties,
  WATCHDOG_SERVICE,
  WATCHDOG_TIMER,
} from '../../adapters/systemd.js';
import { showUnitsOverBus } from '../../adapters/systemd-bus.js';
import { AutosweError, errorMessage } from '../../base/errors.js';
import {
  unitFileExists,
  unitFilesExist,
  unitWorkspace,
  withProgramsFromFiles,
  withTimerStamps,
} from './unit-files.js';

/** The units `start` starts, in that order; `stop` stops the timers before the service. */
export const STARTED_UNITS = [SERVICE_UNIT, WATCHDOG_TIMER, META_JUDGE_TIMER] as const;

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
  | {
      readonly kind: 'ok';
      /** The workspace the installed service runs in (its WorkingDirectory), when known. */
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

/** A short deadline: status must never hang on a stuck bus. */
export const SERVICE_PROBE_TIMEOUT_MS = 800;
/** The private socket answers in a few ms; past this, ask systemctl instead. */
const BUS_TIMEOUT_MS = 250;

/**
 * The service's and timers' states: over the user manager's private D-Bus socket, else in one
 * `systemctl --user show` spawn; nothing is asked when systemctl, the user manager or the unit files are
 * missing. The reason when unavailable is short: it is a status line, `start` gives the long advice.
 */
export async function probeService(
  env: NodeJS.ProcessEnv,
  timeoutMs = SERVICE_PROBE_TIMEOUT_MS,
): Promise<ServiceView> {
  const manager = locateUserManager(env);
  if (manager.kind !== 'ok') return { kind: 'unavailable', reason: manager.short };
  // Most machines that never installed the units should not pay a spawn on every status.
  if (!unitFilesExist(env)) return notInstalled();
  const all = [SERVICE_UNIT, WATCHDOG_TIMER, WATCHDOG_SERVICE, META_JUDGE_TIMER, META_JUDGE_SERVICE];
  let units: Map<string, UnitProperties>;
  try {
    // The private socket answers in a few ms; spawning systemctl costs 20 ms and more. It is the fallback.
    units = env.XDG_RUNTIME_DIR
      ? await showUnitsOverBus(env.XDG_RUNTIME_DIR, all, Math.min(BUS_TIMEOUT_MS, timeoutMs), (unit) =>
          unitFileExists(env, unit),
        )
          .then((loaded) => withProgramsFromFiles(env, loaded))
          .catch(() => showUnits(manager.systemctl, all, SHOWN_PROPERTIES, env, timeoutMs))
      : await showUnits(manager.systemctl, all, SHOWN_PROPERTIES, env, timeoutMs);
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
  withTimerStamps(env, units);
  return {
    kind: 'ok',
    root: unitWorkspace(env),
    service: unitState(SERVICE_UNIT, units),
    watchdog: timerState(WATCHDOG_TIMER, WATCHDOG_SERVICE, units),
    metaJudge: timerState(META_JUDGE_TIMER, META_JUDGE_SERVICE, units),
  };
}

function notInstalled(): ServiceView {
  const none = new Map<string, UnitProperties>(
    [SERVICE_UNIT, WATCHDOG_TIMER, META_JUDGE_TIMER].map((unit) => [
      unit,
      { Id: unit, LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead' },
    ]),
  );
  return {
    kind: 'ok',
    service: unitState(SERVICE_UNIT, none),
    watchdog: timerState(WATCHDOG_TIMER, WATCHDOG_SERVICE, none),
    metaJudge: timerState(META_JUDGE_TIMER, META_JUDGE_SERVICE, none),
  };
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

/** The states of the units `start`/`stop` drive; an error naming what is missing when they are not installed. */
export async function requireInstalledUnits(
  systemctl: string,
  env: NodeJS.ProcessEnv,
): Promise<readonly UnitState[]> {
  const units = await showUnits(
    systemctl,
    [...STARTED_UNITS, WATCHDOG_SERVICE, META_JUDGE_SERVICE],
    SHOWN_PROPERTIES,
    env,
  );
  const states = [...STARTED_UNITS, WATCHDOG_SERVICE, META_JUDGE_SERVICE].map((unit) =>
    unitState(unit, units),
  );
  const missing = states.filter((state) => !state.installed).map((state) => state.unit);
  if (missing.length > 0) {
    throw new AutosweError(
      `the systemd user units are not installed (${missing.join(', ')} not found); ${NOT_INSTALLED_HINT}`,
    );
  }
  const broken = states.find((state) => state.problem !== null);
  if (broken?.problem) throw new AutosweError(broken.problem);
  return states;
}
