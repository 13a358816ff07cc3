import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
import { AutosweError, errorMessage } from '../../base/errors.js';

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

const ALL_UNITS = [SERVICE_UNIT, WATCHDOG_TIMER, WATCHDOG_SERVICE, META_JUDGE_TIMER, META_JUDGE_SERVICE];

const SHOWN_PROPERTIES = [
  'LoadState',
  'ActiveState',
  'SubState',
  'Result',
  'ExecStart',
  'WorkingDirectory',
  'ExecMainStartTimestamp',
  'NextElapseUSecRealtime',
  'LastTriggerUSec',
];

/** A short deadline: status must never hang on a stuck user manager. */
export const SERVICE_PROBE_TIMEOUT_MS = 800;

/**
 * The service's and timers' states, from one `systemctl --user show` spawn; nothing is spawned when
 * systemctl or the user manager is missing. The reason when unavailable is short: it is a status line,
 * `start` gives the long advice.
 */
export async function probeService(
  env: NodeJS.ProcessEnv,
  timeoutMs = SERVICE_PROBE_TIMEOUT_MS,
): Promise<ServiceView> {
  const manager = locateUserManager(env);
  if (manager.kind !== 'ok') return { kind: 'unavailable', reason: manager.short };
  let units: Map<string, UnitProperties>;
  try {
    units = await showUnits(manager.systemctl, ALL_UNITS, SHOWN_PROPERTIES, env, timeoutMs);
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
  withTimerStamps(env, units);
  return {
    kind: 'ok',
    root: unitWorkspace(units),
    service: unitState(SERVICE_UNIT, units),
    watchdog: timerState(WATCHDOG_TIMER, WATCHDOG_SERVICE, units),
    metaJudge: timerState(META_JUDGE_TIMER, META_JUDGE_SERVICE, units),
  };
}

/** The workspace the installed service runs in: its WorkingDirectory (`!` marks `-`, may be missing). */
function unitWorkspace(units: Map<string, UnitProperties>): string | null {
  const properties = units.get(SERVICE_UNIT);
  if (properties === undefined || properties.LoadState === 'not-found') return null;
  return properties.WorkingDirectory?.replace(/^!/, '') || null;
}

/**
 * systemd forgets a stopped timer's last trigger; a `Persistent=` timer (meta-judge) keeps a stamp file
 * whose mtime systemd sets to it. One stat per stopped timer systemd says nothing for.
 */
function withTimerStamps(env: NodeJS.ProcessEnv, units: Map<string, UnitProperties>): void {
  const data =
    env.XDG_DATA_HOME || join(env.HOME || process.getBuiltinModule('node:os').homedir(), '.local', 'share');
  for (const timer of [WATCHDOG_TIMER, META_JUDGE_TIMER]) {
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

/** The installed units `start`/`stop` drive, and the workspace the service runs in. */
export interface InstalledUnits {
  readonly states: readonly UnitState[];
  readonly root: string | null;
}

/** The states of the units `start`/`stop` drive; an error naming what is missing when they are not installed. */
export async function requireInstalledUnits(
  systemctl: string,
  env: NodeJS.ProcessEnv,
): Promise<InstalledUnits> {
  const units = await showUnits(systemctl, ALL_UNITS, SHOWN_PROPERTIES, env);
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
  return { states, root: unitWorkspace(units) };
}
