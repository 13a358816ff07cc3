import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AutosweError } from '../base/errors.js';
import { findOnPath } from './path-lookup.js';
import { failureDetail, type ProcessResult, runProgram } from './spawn.js';

/** The units autoswe drives, by role. */
export const SERVICE_UNIT = 'autoswe.service';
export const WATCHDOG_TIMER = 'autoswe-watchdog.timer';
export const WATCHDOG_SERVICE = 'autoswe-watchdog.service';
export const META_JUDGE_TIMER = 'autoswe-meta-judge.timer';
export const META_JUDGE_SERVICE = 'autoswe-meta-judge.service';

/** Whether `systemctl --user` can be asked anything here, decided without spawning. */
export type UserManager =
  | { readonly kind: 'ok'; readonly systemctl: string }
  | { readonly kind: 'no-systemctl' | 'no-manager'; readonly message: string; readonly short: string };

/**
 * Finds systemctl and the user manager's bus: `$XDG_RUNTIME_DIR/systemd/private` (what systemctl --user
 * dials first) or the session bus. Checked on disk so `status` never pays a spawn just to learn "absent".
 */
export function locateUserManager(env: NodeJS.ProcessEnv): UserManager {
  const systemctl = findOnPath('systemctl', env);
  if (systemctl === undefined) {
    return {
      kind: 'no-systemctl',
      message: 'systemctl not found on PATH (systemd is needed for the service)',
      short: 'systemctl not found on PATH',
    };
  }
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && (existsSync(join(runtime, 'systemd', 'private')) || existsSync(join(runtime, 'bus')))) {
    return { kind: 'ok', systemctl };
  }
  if (env.DBUS_SESSION_BUS_ADDRESS) return { kind: 'ok', systemctl };
  const where = runtime ? `no ${join(runtime, 'systemd', 'private')}` : 'XDG_RUNTIME_DIR is not set';
  return {
    kind: 'no-manager',
    message: `no systemd user manager is running for this user (${where}); log in through a session or run 'loginctl enable-linger $USER'`,
    // The status line (80 columns, after an 11-column label): the advice is for `start` and `install-units`.
    short: `no systemd user manager (${runtime ? 'no $XDG_RUNTIME_DIR/systemd/private' : 'XDG_RUNTIME_DIR not set'})`,
  };
}

/** The user manager, or the one-line error the lifecycle commands print. */
export function requireUserManager(env: NodeJS.ProcessEnv): string {
  const manager = locateUserManager(env);
  if (manager.kind !== 'ok') throw new AutosweError(manager.message);
  return manager.systemctl;
}

/** `systemctl --user …`; pretty timestamps are asked for in UTC so they parse the same everywhere. */
export function systemctlUser(
  systemctl: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs?: number,
): Promise<ProcessResult> {
  // Killed at once at the deadline: `status` must answer in time even when the manager hangs.
  return runProgram(systemctl, ['--user', ...args], {
    env: { ...env, TZ: 'UTC', SYSTEMD_PAGER: '' },
    timeoutMs,
    graceMs: 0,
  });
}

/** Runs `systemctl --user ARGS`, throwing a one-line error naming the command when it fails. */
export async function systemctlOrThrow(
  systemctl: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ProcessResult> {
  const result = await systemctlUser(systemctl, args, env);
  if (result.code !== 0) {
    throw new AutosweError(`systemctl --user ${args.join(' ')} failed: ${failureDetail(result)}`);
  }
  return result;
}

/** One unit's properties from `systemctl show`. */
export type UnitProperties = Readonly<Record<string, string>>;

/** Parses `systemctl show` output: blank-line separated blocks of `Key=Value`, keyed by their `Id`. */
export function parseShow(output: string): Map<string, UnitProperties> {
  const units = new Map<string, UnitProperties>();
  for (const block of output.split(/\n\s*\n/)) {
    const properties: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const equals = line.indexOf('=');
      if (equals > 0) properties[line.slice(0, equals)] = line.slice(equals + 1);
    }
    if (properties.Id) units.set(properties.Id, properties);
  }
  return units;
}

/** `systemctl --user show UNITS -p PROPS` in one spawn. */
export async function showUnits(
  systemctl: string,
  units: readonly string[],
  properties: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs?: number,
): Promise<Map<string, UnitProperties>> {
  const args = ['show', '--timestamp=unix', ...units, '-p', ['Id', ...properties].join(',')];
  const result = await systemctlUser(systemctl, args, env, timeoutMs);
  if (result.code !== 0) throw new AutosweError(`systemctl --user show failed: ${failureDetail(result)}`);
  return parseShow(result.stdout);
}

/** A `--timestamp=unix` value (`@1795500111`) or a UTC pretty one as ISO-8601; null for empty or `n/a`. */
export function parseSystemdTimestamp(value: string | undefined): string | null {
  if (value === undefined || value === '' || value === 'n/a' || value === '0') return null;
  const unix = /^@(\d+(?:\.\d+)?)$/.exec(value);
  const pretty = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/.exec(value);
  const time = unix ? Number(unix[1]) * 1000 : pretty ? Date.parse(`${pretty[1]}T${pretty[2]}Z`) : Number.NaN;
  // Out of range (systemd's "infinity") or unparsable: not a time an operator can use.
  return Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : null;
}

/** The program path in an `ExecStart={ path=… ; argv[]=… }` property. */
export function execStartPath(value: string | undefined): string | null {
  const match = /path=([^;]+?) ;/.exec(value ?? '');
  return match?.[1] ?? null;
}
