import { basename } from 'node:path';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import type { LoopConfig } from '../config/types.js';
import { INSTANCE_NAME_RULE, isInstanceName } from '../runtime/instance-name.js';

/** The units of one workspace: the template units' instances named after it (docs/LIFECYCLE.md). */
export interface InstanceUnits {
  readonly name: string;
  readonly service: string;
  readonly watchdogTimer: string;
  readonly watchdogService: string;
  readonly metaJudgeTimer: string;
  readonly metaJudgeService: string;
}

export function instanceUnits(name: string): InstanceUnits {
  return {
    name,
    service: `autoswe@${name}.service`,
    watchdogTimer: `autoswe-watchdog@${name}.timer`,
    watchdogService: `autoswe-watchdog@${name}.service`,
    metaJudgeTimer: `autoswe-meta-judge@${name}.timer`,
    metaJudgeService: `autoswe-meta-judge@${name}.service`,
  };
}

/** The units `start` starts, in that order; `stop` stops the timers before the service. */
export function startedUnits(units: InstanceUnits): readonly string[] {
  return [units.service, units.watchdogTimer, units.metaJudgeTimer];
}

/** All five, services and timers. */
export function allUnits(units: InstanceUnits): readonly string[] {
  return [...startedUnits(units), units.watchdogService, units.metaJudgeService];
}

/** The fixed-name units of autoswe before template units (one workspace per user), for the migration. */
export const LEGACY_UNITS: InstanceUnits = {
  name: '',
  service: 'autoswe.service',
  watchdogTimer: 'autoswe-watchdog.timer',
  watchdogService: 'autoswe-watchdog.service',
  metaJudgeTimer: 'autoswe-meta-judge.timer',
  metaJudgeService: 'autoswe-meta-judge.service',
};

/** The workspace's name: `name:` in autoswe.yaml, else its folder's name when systemd can take it as is. */
export function workspaceName(config: Pick<LoopConfig, 'name' | 'root' | 'file'>): string {
  if (config.name !== null) return config.name;
  const folder = basename(config.root);
  if (isInstanceName(folder)) return folder;
  throw new AutosweError(
    `${config.file}: name: the folder's name ${JSON.stringify(folder)} cannot name systemd units without escaping; set name: to ${INSTANCE_NAME_RULE}`,
    EXIT_USAGE,
  );
}
