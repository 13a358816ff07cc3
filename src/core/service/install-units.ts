import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateUserManager, SERVICE_UNIT, systemctlOrThrow } from '../../adapters/systemd.js';
import { AutosweError } from '../../base/errors.js';
import { writeFileAtomic } from '../runtime/store.js';
import type { Workspace } from '../runtime/workspace.js';
import {
  defaultUnitValues,
  findTemplates,
  GENERATED_MARK,
  planInstall,
  UNIT_FILE,
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
  readonly source: string;
  readonly from: 'workspace' | 'package';
  readonly dest: string;
  readonly units: readonly InstalledUnit[];
  /** Units autoswe wrote earlier that no template renders any more: left in place, never deleted. */
  readonly leftOver: readonly string[];
  /** The workspace the service was installed for before, when this install moved it here. */
  readonly switchedFrom: string | null;
  readonly reload: ReloadOutcome;
}

/**
 * Renders every unit template into the user unit folder and reloads the user manager. Never enables or
 * starts a unit. Rewrites only what changed; refuses, writing nothing, when a unit it did not write is in
 * the way, unless `force`.
 */
export async function installUnits(workspace: Workspace, request: InstallRequest): Promise<InstallOutcome> {
  const templates = findTemplates(workspace);
  const dest = unitDestination(request.env, request.cwd, request.dest);
  const values = defaultUnitValues(workspace, request.env);
  const plan = planInstall(templates.templates, dest, values, request.force);
  const conflicts = plan.filter((unit) => unit.action === 'conflict');
  if (conflicts.length > 0) {
    const list = conflicts.map((unit) => `${unit.path} (${unit.reason})`).join(', ');
    throw new AutosweError(
      `refusing to overwrite ${list}; nothing was written; re-run with --force to replace`,
    );
  }
  const switchedFrom = previousWorkspace(join(dest, SERVICE_UNIT), workspace.root);
  const units: InstalledUnit[] = [];
  for (const unit of plan) {
    if (unit.action === 'conflict') continue;
    if (unit.action !== 'unchanged') await writeFileAtomic(unit.path, unit.content);
    units.push({ name: unit.name, path: unit.path, action: unit.action, reason: unit.reason });
  }
  const changed = units.some((unit) => unit.action !== 'unchanged');
  return {
    source: templates.dir,
    from: templates.from,
    dest,
    units,
    leftOver: leftOverUnits(dest, new Set(plan.map((unit) => unit.name))),
    switchedFrom,
    reload: changed ? await reloadUserManager(request.env) : { kind: 'not-needed' },
  };
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

/** Files in `dest` that carry our mark but are not among the rendered units. */
function leftOverUnits(dest: string, rendered: ReadonlySet<string>): string[] {
  let names: string[];
  try {
    names = readdirSync(dest);
  } catch {
    return [];
  }
  return names
    .filter((name) => UNIT_FILE.test(name) && !rendered.has(name))
    .map((name) => join(dest, name))
    .filter((path) => {
      try {
        return readFileSync(path, 'utf8').startsWith(GENERATED_MARK);
      } catch {
        return false;
      }
    });
}

/** The workspace an existing service unit at `path` runs, when it is not `root` (one workspace per user). */
function previousWorkspace(path: string, root: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const previous = /^WorkingDirectory=-?(.*)$/m.exec(text)?.[1]?.trim().replaceAll('%%', '%');
  return previous && previous !== root ? previous : null;
}
