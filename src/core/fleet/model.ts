import { type FleetHosts, readFleetHosts } from './hosts.js';
import { localRows } from './local.js';
import { remoteRow } from './remote.js';
import { type FleetRow, sortRows } from './row.js';

/** Every loop this machine knows: the registry's (local) and fleet.yaml's (remote), most urgent first. */
export interface FleetModel {
  readonly at: string;
  /** Where the remote loops are listed. */
  readonly hostsFile: string;
  readonly rows: readonly FleetRow[];
}

export interface FleetOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Each remote serve's deadline (and the systemctl question's). */
  readonly timeoutMs: number;
  readonly now?: () => Date;
  /** Read once by a long-lived caller (serve --fleet, tui --fleet); else fleet.yaml is read now. */
  readonly hosts?: FleetHosts;
}

export const DEFAULT_FLEET_TIMEOUT_MS = 3000;

/** Reads the local loops and asks every remote one at once; a slow or dead host costs only its own row. */
export async function buildFleet(options: FleetOptions): Promise<FleetModel> {
  const now = (options.now ?? (() => new Date()))();
  const hosts = options.hosts ?? (await readFleetHosts(options.env));
  const remote = hosts.hosts.map((host) => remoteRow(host, options.timeoutMs, now));
  const local = localRows(options.env, now, options.timeoutMs);
  const rows = [...(await local), ...(await Promise.all(remote))];
  return { at: now.toISOString(), hostsFile: hosts.file, rows: sortRows(rows) };
}
