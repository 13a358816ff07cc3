import { requireUserManager, showUnits } from '../../adapters/systemd.js';
import { AutosweError } from '../../base/errors.js';
import { recordEvent } from '../events/record.js';
import type { EventRecord } from '../runtime/events.js';
import type { Workspace } from '../runtime/workspace.js';
import { instanceUnits } from './unit-names.js';

export interface ServiceFailure {
  readonly unit: string;
  readonly activeState: string;
  /** systemd's Result (`exit-code`, `signal`, `start-limit-hit`, …) and its restart count. */
  readonly result: string;
  readonly restarts: number;
  /** The event recorded, or null when the unit is not failed (nothing to report). */
  readonly event: EventRecord | null;
}

/**
 * What `autoswe-failed@NAME.service` runs: asks systemd how autoswe@NAME.service ended and, when it is in
 * the failed state (it gave up: start limit hit, or it failed without a restart), records `service.failed`
 * with systemd's result and restart count. A unit that is restarting or running is left alone.
 */
export async function recordServiceFailure(
  workspace: Workspace,
  name: string,
  env: NodeJS.ProcessEnv,
): Promise<ServiceFailure> {
  const systemctl = requireUserManager(env);
  const unit = instanceUnits(name).service;
  const shown = (await showUnits(systemctl, [unit], ['ActiveState', 'Result', 'NRestarts'], env)).get(unit);
  const activeState = shown?.ActiveState ?? 'unknown';
  const result = shown?.Result ?? 'unknown';
  const restarts = Number(shown?.NRestarts ?? 0) || 0;
  if (activeState !== 'failed') return { unit, activeState, result, restarts, event: null };
  const recorded = recordEvent(
    workspace,
    {
      type: 'service.failed',
      by: 'systemd',
      reason: `${unit} failed (result ${result}) after ${restarts} restart(s); it stays down until 'autoswe start'`,
      unit,
    },
    { ...env, AUTOSWE_RUN_CONFIG: '' },
  );
  // Recording it is the whole job: a failure to is said, never reported as "not failed".
  if (!recorded.ok)
    throw new AutosweError(`${unit} failed, but the event could not be recorded: ${recorded.message}`);
  return { unit, activeState, result, restarts, event: recorded.event };
}
