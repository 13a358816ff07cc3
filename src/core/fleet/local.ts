import { hostname } from 'node:os';
import { locateUserManager, showUnits } from '../../adapters/systemd.js';
import { errorMessage } from '../../base/errors.js';
import { readRegistry } from '../runtime/registry.js';
import { workspaceAt } from '../runtime/workspace.js';
import { instanceUnits } from '../service/unit-names.js';
import { readStatusFiles, type StatusModel } from '../status/model.js';
import { type FleetRow, type LoopSummary, summaryRow, unreadRow } from './row.js';

type StatusFiles = Omit<StatusModel, 'gpu' | 'proxy'>;

/** A status model as the fleet needs it; the remote loops' `/api/status` is mapped the same way. */
export function summaryOf(model: StatusFiles, service: string | null): LoopSummary {
  const loop = model.loop;
  const verdict = model.lastVerdict?.kind === 'verdict' ? model.lastVerdict.verdict : null;
  return {
    at: model.at,
    root: model.root,
    state:
      loop.kind === 'ok'
        ? (loop.state.status ?? 'UNKNOWN')
        : loop.kind === 'corrupt'
          ? 'CORRUPT'
          : 'UNINITIALIZED',
    reason: loop.kind === 'ok' ? (loop.state.reason ?? null) : loop.kind === 'corrupt' ? loop.message : null,
    pause: model.pause.kind,
    parity: model.parity.kind === 'ok' ? { green: model.parity.green, total: model.parity.total } : null,
    lastVerdict: verdict === null ? null : { verdict: verdict.verdict, at: verdict.at },
    heartbeatAt: model.heartbeat.kind === 'ok' ? model.heartbeat.heartbeat.at : null,
    service,
    spendTodayUsd: model.guards?.spend?.today.usd ?? null,
    eta: model.guards?.eta?.at ?? null,
  };
}

/**
 * The registered workspaces' rows, from their files (the cheap part of the status model, no probes) and
 * one `systemctl --user show` of every instance's service.
 */
export async function localRows(env: NodeJS.ProcessEnv, now: Date, timeoutMs: number): Promise<FleetRow[]> {
  const entries = readRegistry(env);
  const host = hostname();
  const services = await serviceStates(
    env,
    entries.filter((entry) => entry.kind === 'ok').map((entry) => entry.name),
    timeoutMs,
  );
  // Each workspace has its own runtime dir: an AUTOSWE_RUNTIME_DIR meant for one would read them all there.
  const own = { ...env, AUTOSWE_RUNTIME_DIR: '' };
  return entries.map((entry) => {
    const base = { name: entry.name, host, source: 'local' as const, url: null };
    if (entry.kind !== 'ok') return unreadRow(base, 'broken', `${entry.path}: ${entry.problem}`, entry.root);
    try {
      const files = readStatusFiles(workspaceAt(entry.root, own), now);
      return summaryRow(base, summaryOf(files, services.get(entry.name) ?? null), now);
    } catch (error) {
      return unreadRow(base, 'error', errorMessage(error), entry.root);
    }
  });
}

/** Each instance's ActiveState; empty when systemd cannot be asked (the rows then show no service). */
async function serviceStates(
  env: NodeJS.ProcessEnv,
  names: readonly string[],
  timeoutMs: number,
): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  const manager = locateUserManager(env);
  if (manager.kind !== 'ok' || names.length === 0) return states;
  try {
    const units = names.map((name) => instanceUnits(name).service);
    const shown = await showUnits(manager.systemctl, units, ['LoadState', 'ActiveState'], env, timeoutMs);
    for (const name of names) {
      const properties = shown.get(instanceUnits(name).service);
      if (properties?.ActiveState && properties.LoadState !== 'not-found')
        states.set(name, properties.ActiveState);
    }
  } catch {
    // A hung or failing manager leaves the service column empty; the rows are read from files anyway.
  }
  return states;
}
