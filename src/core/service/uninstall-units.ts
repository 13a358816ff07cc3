import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { locateUserManager, systemctlOrThrow, systemctlUser } from '../../adapters/systemd.js';
import { AutosweError } from '../../base/errors.js';
import { readRegistry, registeredName, registryDir, unregisterWorkspace } from '../runtime/registry.js';
import type { Workspace } from '../runtime/workspace.js';
import { refuseInsideRun } from './lifecycle.js';
import { takeDown } from './migrate.js';
import { allUnits, instanceUnits } from './unit-names.js';
import { TEMPLATE_UNIT, unitDestination, unitOwnership } from './units.js';

export interface UninstallRequest {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly dest?: string | undefined;
}

export interface UninstallOutcome {
  readonly name: string;
  readonly root: string;
  /** What was done, in order, in the words the command prints. */
  readonly steps: readonly string[];
  /** The workspaces still registered; the template files stay while there is one. */
  readonly remaining: readonly string[];
}

/**
 * Takes this workspace off systemd: stops its instance (timers first), disables what was enabled, removes
 * its registry link. The other workspaces' instances are not touched. The shared template files go only
 * with the last workspace, and only when they are as autoswe wrote them.
 */
export async function uninstallUnits(
  workspace: Workspace,
  request: UninstallRequest,
): Promise<UninstallOutcome> {
  const { env } = request;
  refuseInsideRun('uninstall', env);
  const name = registeredName(env, workspace.root);
  if (name === null) {
    throw new AutosweError(
      `this workspace (${workspace.root}) is not registered in ${registryDir(env)}; nothing to remove`,
    );
  }
  const steps: string[] = [];
  const say = (line: string) => steps.push(line);
  const manager = locateUserManager(env);
  const units = instanceUnits(name);
  if (manager.kind === 'ok') {
    await takeDown(manager.systemctl, env, units, say);
    await systemctlUser(manager.systemctl, ['reset-failed', ...allUnits(units)], env);
  } else {
    say(`not stopped: ${manager.message}`);
  }
  unregisterWorkspace(env, name);
  say(`removed the registry link ${join(registryDir(env), name)}`);
  const remaining = readRegistry(env).map((entry) => entry.name);
  const dest = unitDestination(env, request.cwd, request.dest);
  if (remaining.length === 0) removeTemplates(dest, say);
  else say(`kept the template units in ${dest}: ${remaining.join(', ')} still use them`);
  if (manager.kind === 'ok') {
    await systemctlOrThrow(manager.systemctl, ['daemon-reload'], env);
    say('ran systemctl --user daemon-reload');
  }
  return { name, root: workspace.root, steps, remaining };
}

/** The template units autoswe wrote, unedited; an edited one is kept and said. */
function removeTemplates(dest: string, say: (line: string) => void): void {
  let names: string[];
  try {
    names = readdirSync(dest).filter((name) => TEMPLATE_UNIT.test(name));
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const path = join(dest, name);
    const ownership = unitOwnership(readFileSync(path, 'utf8'));
    if (ownership === 'ours') {
      rmSync(path);
      say(`removed ${path}`);
    } else if (ownership === 'edited') {
      say(`kept    ${path} (edited by hand since autoswe wrote it)`);
    }
  }
}
