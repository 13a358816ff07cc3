import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { locateUserManager, systemctlOrThrow } from '../../adapters/systemd.js';
import { AutosweError, errorMessage } from '../../base/errors.js';
import { readConfiguredName } from '../config/name.js';
import { entriesFor, readRegistry, registerWorkspace, registryEntry, sameRoot } from '../runtime/registry.js';
import { writeFileAtomic } from '../runtime/store.js';
import { CONFIG_FILE, type Workspace } from '../runtime/workspace.js';
import { lifecycleSteps } from './lifecycle.js';
import {
  enableAdvice,
  findLegacyUnits,
  type MigrationResult,
  migrateLegacy,
  migrateRename,
} from './migrate.js';
import { instanceUnits, workspaceName } from './unit-names.js';
import {
  defaultUnitValues,
  findTemplates,
  planInstall,
  startsWithMark,
  TEMPLATE_UNIT,
  type UnitAction,
  unitDestination,
} from './units.js';

export interface InstallRequest {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** `--dest DIR`; default ~/.config/systemd/user (XDG_CONFIG_HOME honoured). */
  readonly dest?: string | undefined;
  /** Replace unit files autoswe did not write, or that were edited by hand. */
  readonly force: boolean;
}

export interface InstalledUnit {
  readonly name: string;
  readonly path: string;
  readonly action: Exclude<UnitAction, 'conflict'>;
  readonly reason: string | null;
}

export type ReloadOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'not-needed' }
  | { readonly kind: 'skipped'; readonly reason: string };

export interface InstallOutcome {
  /** The workspace's name: the units' instance (`autoswe@<name>.service`). */
  readonly name: string;
  readonly root: string;
  /** The registry link, and whether this install made or moved it. */
  readonly registry: { readonly path: string; readonly action: 'created' | 'unchanged' };
  readonly source: string;
  readonly from: 'workspace' | 'package';
  readonly dest: string;
  readonly units: readonly InstalledUnit[];
  /** Fixed-name unit files in the workspace's deploy/ that were not rendered (an older autoswe's). */
  readonly ignored: readonly string[];
  /** Template units autoswe wrote earlier that no template renders any more: left in place, never deleted. */
  readonly leftOver: readonly string[];
  /** Other registered workspaces whose units changed with this install (the template files are shared). */
  readonly sharedWith: readonly string[];
  /** What ran this workspace before and how it was moved over, step by step; null when nothing was. */
  readonly migration: {
    readonly from: 'fixed-name units' | string;
    readonly steps: readonly string[];
    /** Whether the new instance was started because the old one was running. */
    readonly started: boolean;
    /** Why starting it failed (the command exits 1); the old one is stopped either way. */
    readonly failed: string | null;
  } | null;
  readonly reload: ReloadOutcome;
}

/**
 * Renders every template unit into the user unit folder, links the workspace into the registry under its
 * name, and reloads the user manager. Never enables a unit, and starts one only to replace an old one that
 * was running (a migration). Rewrites only what changed; refuses, writing nothing, when a unit it did not
 * write is in the way (unless `force`) or the name is registered for another workspace.
 */
export async function installUnits(workspace: Workspace, request: InstallRequest): Promise<InstallOutcome> {
  const { env } = request;
  const name = workspaceName({
    name: await readConfiguredName(workspace),
    root: workspace.root,
    file: workspace.paths.config,
  });
  refuseCollision(env, name, workspace);
  const templates = findTemplates(workspace);
  const dest = unitDestination(env, request.cwd, request.dest);
  const plan = planInstall(templates.templates, dest, defaultUnitValues(env), request.force);
  const conflicts = plan.filter((unit) => unit.action === 'conflict');
  if (conflicts.length > 0) {
    const list = conflicts.map((unit) => `${unit.path} (${unit.reason})`).join(', ');
    throw new AutosweError(
      `refusing to overwrite ${list}; nothing was written; re-run with --force to replace`,
    );
  }
  const legacy = findLegacyUnits(dest);
  if (legacy !== null) refuseLegacy(legacy, workspace, request.force);
  const renamedFrom = entriesFor(env, workspace.root).filter((entry) => entry.name !== name);

  const units: InstalledUnit[] = [];
  for (const unit of plan) {
    if (unit.action === 'conflict') continue;
    if (unit.action !== 'unchanged') await writeFileAtomic(unit.path, unit.content);
    units.push({ name: unit.name, path: unit.path, action: unit.action, reason: unit.reason });
  }
  const before = registryEntry(env, name);
  const registryPath = registerWorkspace(env, name, workspace.root);
  const registry = {
    path: registryPath,
    action: before?.kind === 'ok' ? ('unchanged' as const) : ('created' as const),
  };
  const changed = units.some((unit) => unit.action !== 'unchanged');

  const manager = locateUserManager(env);
  const systemctl = manager.kind === 'ok' ? manager.systemctl : null;
  const target = instanceUnits(name);
  const steps: string[] = [];
  const migration = { systemctl, env, dest, target, say: (line: string) => steps.push(line) };
  const moved: { from: string; result: MigrationResult }[] = [];
  if (legacy !== null)
    moved.push({ from: 'fixed-name units', result: await migrateLegacy(legacy, migration) });
  for (const entry of renamedFrom) {
    const result = await migrateRename(entry.name, instanceUnits(entry.name), migration);
    moved.push({ from: `instance ${entry.name}`, result });
  }
  const reload =
    changed || legacy !== null ? await reloadUserManager(env) : ({ kind: 'not-needed' } as const);
  if (moved.length > 0 && reload.kind === 'done') migration.say('ran systemctl --user daemon-reload');
  let started = false;
  let failed: string | null = null;
  if (systemctl !== null && moved.some((move) => move.result.startNew)) {
    try {
      for (const args of lifecycleSteps('start', target)) await systemctlOrThrow(systemctl, args, env);
      migration.say(`started ${target.service} and its timers, since the old service was running`);
      started = true;
    } catch (error) {
      failed = `starting ${target.service} failed: ${errorMessage(error)}; 'autoswe start' tries again, 'autoswe logs --no-follow' shows why`;
      migration.say(failed);
    }
  }
  if (moved.some((move) => move.result.wasEnabled)) {
    migration.say(`the old units were enabled; to enable these: ${enableAdvice(target)}`);
  }
  return {
    name,
    root: workspace.root,
    registry,
    source: templates.dir,
    from: templates.from,
    dest,
    units,
    ignored: templates.ignored,
    leftOver: leftOverUnits(dest, new Set(plan.map((unit) => unit.name))),
    sharedWith: changed ? otherWorkspaces(env, name) : [],
    migration:
      moved.length === 0 ? null : { from: moved.map((move) => move.from).join(', '), steps, started, failed },
    reload,
  };
}

/** A name registered for another workspace is refused: two workspaces cannot share one instance. */
function refuseCollision(env: NodeJS.ProcessEnv, name: string, workspace: Workspace): void {
  const entry = registryEntry(env, name);
  if (entry === undefined) return;
  if (entry.root !== null && sameRoot(entry.root, workspace.root)) return;
  const config = join(workspace.root, CONFIG_FILE);
  if (entry.kind === 'ok') {
    throw new AutosweError(
      `the workspace name '${name}' is taken: ${entry.path} links to ${entry.root}; set another name: in ${config}`,
    );
  }
  throw new AutosweError(
    `the workspace name '${name}' is taken by a broken registry entry (${entry.path}: ${entry.problem}); remove it (rm '${entry.path}') or set another name: in ${config}`,
  );
}

/**
 * Fixed-name units of another workspace that still exists are migrated from there (its own name and
 * config); edited ones only with --force, since removing them drops the edits.
 */
function refuseLegacy(
  legacy: NonNullable<ReturnType<typeof findLegacyUnits>>,
  workspace: Workspace,
  force: boolean,
): void {
  if (
    legacy.root !== null &&
    !sameRoot(legacy.root, workspace.root) &&
    existsSync(join(legacy.root, CONFIG_FILE))
  ) {
    throw new AutosweError(
      `the fixed-name units of an older autoswe run ${legacy.root}, not this workspace; run 'autoswe install-units' there first to move them onto its own instance; nothing was written`,
    );
  }
  const edited = legacy.files.filter((file) => file.ownership === 'edited');
  if (edited.length > 0 && !force) {
    throw new AutosweError(
      `migrating removes the fixed-name units, and ${edited.map((file) => file.path).join(', ')} were edited by hand; carry the edits into a drop-in (autoswe@<name>.service.d/) and re-run with --force; nothing was written`,
    );
  }
}

/** `systemctl --user daemon-reload`; a machine without a user manager yet is told how to do it later. */
async function reloadUserManager(env: NodeJS.ProcessEnv): Promise<ReloadOutcome> {
  const manager = locateUserManager(env);
  if (manager.kind !== 'ok') {
    return {
      kind: 'skipped',
      reason: `${manager.message}; run 'systemctl --user daemon-reload' once it runs`,
    };
  }
  await systemctlOrThrow(manager.systemctl, ['daemon-reload'], env);
  return { kind: 'done' };
}

/** Template units in `dest` that carry our mark but are not among the rendered units. */
function leftOverUnits(dest: string, rendered: ReadonlySet<string>): string[] {
  let names: string[];
  try {
    names = readdirSync(dest);
  } catch {
    return [];
  }
  return names
    .filter((name) => TEMPLATE_UNIT.test(name) && !rendered.has(name))
    .map((name) => join(dest, name))
    .filter(startsWithMark);
}

function otherWorkspaces(env: NodeJS.ProcessEnv, name: string): string[] {
  return readRegistry(env)
    .filter((entry) => entry.name !== name)
    .map((entry) => entry.name);
}
