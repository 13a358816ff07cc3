import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  META_JUDGE_TIMER,
  SERVICE_UNIT,
  type UnitProperties,
  WATCHDOG_TIMER,
} from '../../adapters/systemd.js';

/** $HOME, else the password database's (node:os is loaded only then: `status` reaches here on every run). */
function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || process.getBuiltinModule('node:os').homedir();
}

/** The user unit folders systemd searches (systemd.unit(5)), most likely first. */
function userUnitDirs(env: NodeJS.ProcessEnv): string[] {
  const config = env.XDG_CONFIG_HOME || join(home(env), '.config');
  const data = env.XDG_DATA_HOME || join(home(env), '.local', 'share');
  const configDirs = (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':');
  return [
    join(config, 'systemd', 'user'),
    ...configDirs.map((dir) => join(dir, 'systemd', 'user')),
    '/etc/systemd/user',
    ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'systemd', 'user')] : []),
    join(data, 'systemd', 'user'),
    ...dataDirs.map((dir) => join(dir, 'systemd', 'user')),
    '/usr/local/lib/systemd/user',
    '/usr/lib/systemd/user',
  ].filter((dir) => dir !== '' && !dir.startsWith('systemd'));
}

/** Whether any of the units' files is in a user unit folder: a few stat calls instead of a spawn. */
export function unitFilesExist(env: NodeJS.ProcessEnv): boolean {
  return [SERVICE_UNIT, WATCHDOG_TIMER, META_JUDGE_TIMER].some((unit) => unitFileExists(env, unit));
}

export function unitFileExists(env: NodeJS.ProcessEnv, unit: string): boolean {
  return unitFilePath(env, unit) !== null;
}

/** The file systemd would load for `unit`: the first user unit folder holding it. */
export function unitFilePath(env: NodeJS.ProcessEnv, unit: string): string | null {
  for (const dir of userUnitDirs(env)) {
    if (existsSync(join(dir, unit))) return join(dir, unit);
  }
  return null;
}

/** The program of a unit file's first `ExecStart=` (quoted or not, `%%` unescaped), or null. */
export function execStartProgram(text: string): string | null {
  const line = /^ExecStart=[-@:+!]*(.*)$/m.exec(text)?.[1]?.trim() ?? '';
  const program = line.startsWith('"') ? /^"([^"]*)"/.exec(line)?.[1] : line.split(/\s+/)[0];
  return program ? program.replaceAll('%%', '%') : null;
}

/**
 * Units the manager has not loaded were not asked about, so their program is read from their file: a
 * node upgrade that removed it must show in status even while everything is stopped.
 */
export function withProgramsFromFiles(
  env: NodeJS.ProcessEnv,
  units: Map<string, UnitProperties>,
): Map<string, UnitProperties> {
  for (const [unit, properties] of units) {
    if (unit.endsWith('.timer') || properties.ExecStart !== undefined || properties.LoadState !== 'loaded')
      continue;
    const file = unitFilePath(env, unit);
    const program = file === null ? null : execStartProgram(readFileSync(file, 'utf8'));
    if (program !== null) units.set(unit, { ...properties, ExecStart: `{ path=${program} ; }` });
  }
  return units;
}

/**
 * A stopped timer is unloaded and systemd reports no last trigger for it; a `Persistent=` timer (meta-judge)
 * still has its stamp file, whose mtime systemd sets to the last trigger. One stat per timer without one.
 */
export function withTimerStamps(
  env: NodeJS.ProcessEnv,
  units: Map<string, UnitProperties>,
): Map<string, UnitProperties> {
  const data = env.XDG_DATA_HOME || join(home(env), '.local', 'share');
  for (const timer of [WATCHDOG_TIMER, META_JUDGE_TIMER]) {
    const properties = units.get(timer) ?? {};
    if (properties.LastTriggerUSec || properties.ActiveState === 'active') continue;
    const stamp = statSync(join(data, 'systemd', 'timers', `stamp-${timer}`), { throwIfNoEntry: false });
    if (stamp !== undefined) {
      units.set(timer, { ...properties, LastTriggerUSec: `@${Math.floor(stamp.mtimeMs / 1000)}` });
    }
  }
  return units;
}

/** The workspace an installed unit runs in: its `WorkingDirectory=` (`%%` unescaped), or null. */
export function unitWorkspace(env: NodeJS.ProcessEnv, unit = SERVICE_UNIT): string | null {
  const file = unitFilePath(env, unit);
  if (file === null) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return workingDirectory(text);
}

/** A unit file's `WorkingDirectory=` with `%%` unescaped, or null. */
export function workingDirectory(text: string): string | null {
  const value = /^WorkingDirectory=-?(.*)$/m.exec(text)?.[1]?.trim();
  return value ? value.replaceAll('%%', '%') : null;
}
