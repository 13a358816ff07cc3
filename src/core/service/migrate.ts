import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { showUnits, systemctlOrThrow, systemctlUser } from '../../adapters/systemd.js';
import { unregisterWorkspace } from '../runtime/registry.js';
import { allUnits, type InstanceUnits, LEGACY_UNITS, startedUnits } from './unit-names.js';
import { type UnitOwnership, unitOwnership } from './units.js';

/**
 * Moving a workspace onto its template instance from what ran it before: the fixed-name units of an
 * older autoswe (`autoswe.service`, one workspace per user), or the instance of its previous name.
 * The old one is stopped before the new one starts, so two loops never run one workspace.
 */
export interface LegacyUnits {
  readonly files: readonly {
    readonly name: string;
    readonly path: string;
    readonly ownership: UnitOwnership;
  }[];
  /** The workspace the old service ran in (its WorkingDirectory=), when it says. */
  readonly root: string | null;
}

/** The fixed-name units autoswe wrote in `dest` (foreign files of the same name are not ours to touch). */
export function findLegacyUnits(dest: string): LegacyUnits | null {
  const files = allUnits(LEGACY_UNITS)
    .map((name) => ({ name, path: join(dest, name) }))
    .filter((unit) => existsSync(unit.path))
    .map((unit) => ({ ...unit, ownership: unitOwnership(readFileSync(unit.path, 'utf8')) }))
    .filter((unit) => unit.ownership !== 'foreign');
  if (files.length === 0) return null;
  const service = files.find((unit) => unit.name === LEGACY_UNITS.service);
  const root =
    service === undefined
      ? null
      : (/^WorkingDirectory=-?(.*)$/m
          .exec(readFileSync(service.path, 'utf8'))?.[1]
          ?.trim()
          .replaceAll('%%', '%') ?? null);
  return { files, root: root || null };
}

/** What the old units were doing, read before anything is changed. */
interface OldState {
  readonly running: boolean;
  readonly enabled: readonly string[];
}

async function oldState(systemctl: string, env: NodeJS.ProcessEnv, units: InstanceUnits): Promise<OldState> {
  const shown = await showUnits(systemctl, allUnits(units), ['ActiveState', 'UnitFileState'], env);
  const active = shown.get(units.service)?.ActiveState ?? 'inactive';
  return {
    running: ['active', 'activating', 'reloading', 'deactivating'].includes(active),
    enabled: allUnits(units).filter((unit) => shown.get(unit)?.UnitFileState === 'enabled'),
  };
}

/** Stops (timers first, then the service) and disables the old units; each step said in `say`. */
export async function takeDown(
  systemctl: string,
  env: NodeJS.ProcessEnv,
  units: InstanceUnits,
  say: (line: string) => void,
): Promise<OldState> {
  const state = await oldState(systemctl, env, units);
  await systemctlOrThrow(systemctl, ['stop', units.watchdogTimer, units.metaJudgeTimer], env);
  await systemctlOrThrow(systemctl, ['stop', units.service], env);
  say(
    state.running
      ? `stopped ${units.service} and its timers (it was running; it starts again as the new instance)`
      : `stopped ${units.service} and its timers (it was not running)`,
  );
  if (state.enabled.length > 0) {
    await systemctlOrThrow(systemctl, ['disable', ...state.enabled], env);
    say(`disabled ${state.enabled.join(', ')}`);
  }
  return state;
}

export interface MigrationRequest {
  /** systemctl, or null when no user manager runs (then nothing of the old units can be running). */
  readonly systemctl: string | null;
  readonly env: NodeJS.ProcessEnv;
  readonly dest: string;
  readonly target: InstanceUnits;
  readonly say: (line: string) => void;
}

/** What the migration leaves for the caller: whether to start the new instance, and enable advice. */
export interface MigrationResult {
  readonly startNew: boolean;
  readonly wasEnabled: boolean;
}

/** Stops, disables and removes the fixed-name units; the caller reloads, then starts the new instance. */
export async function migrateLegacy(
  legacy: LegacyUnits,
  request: MigrationRequest,
): Promise<MigrationResult> {
  const { systemctl, env, say } = request;
  let state: OldState = { running: false, enabled: [] };
  if (systemctl === null) say('no user manager runs, so nothing of the old units can be running');
  else state = await takeDown(systemctl, env, LEGACY_UNITS, say);
  for (const file of legacy.files) {
    rmSync(file.path, { force: true });
    say(`removed ${file.path}${file.ownership === 'edited' ? ' (edited by hand; --force was given)' : ''}`);
  }
  keptDropIns(request.dest, LEGACY_UNITS, request.target, say);
  if (systemctl !== null) {
    // A stopped unit whose file is gone disappears at the next reload, unless systemd still holds it failed.
    await systemctlUser(systemctl, ['reset-failed', ...allUnits(LEGACY_UNITS)], env);
  }
  return { startNew: state.running, wasEnabled: state.enabled.length > 0 };
}

/** The workspace was registered under another name: that instance is stopped and its link removed. */
export async function migrateRename(
  oldName: string,
  old: InstanceUnits,
  request: MigrationRequest,
): Promise<MigrationResult> {
  const { systemctl, env, say } = request;
  let state: OldState = { running: false, enabled: [] };
  if (systemctl !== null) state = await takeDown(systemctl, env, old, say);
  unregisterWorkspace(env, oldName);
  say(`removed the registry link of the old name '${oldName}'`);
  keptDropIns(request.dest, old, request.target, say);
  return { startNew: state.running, wasEnabled: state.enabled.length > 0 };
}

/** Drop-ins are the operator's: never moved or deleted, but said, since they no longer apply. */
function keptDropIns(
  dest: string,
  old: InstanceUnits,
  target: InstanceUnits,
  say: (line: string) => void,
): void {
  for (const unit of allUnits(old)) {
    const dir = join(dest, `${unit}.d`);
    if (!existsSync(dir)) continue;
    const now = renamedUnit(unit, old, target);
    say(
      `kept      ${dir} (drop-ins of the old unit apply to nothing now: move them to ${join(dest, `${now}.d`)})`,
    );
  }
}

/** `autoswe.service` or `autoswe@old.service` → `autoswe@new.service`. */
function renamedUnit(unit: string, old: InstanceUnits, target: InstanceUnits): string {
  if (old.name === '') return unit.replace(/\.(service|timer)$/, `@${target.name}.$1`);
  return unit.replace(`@${old.name}.`, `@${target.name}.`);
}

/** The units to name when advising to enable the new instance. */
export function enableAdvice(target: InstanceUnits): string {
  return `systemctl --user enable ${startedUnits(target).join(' ')}`;
}
