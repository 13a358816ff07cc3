import { hostname } from 'node:os';

/** This machine's name as `autoswe fleet` shows it for a local loop (and /metrics labels it). */
export function machineName(): string {
  return hostname();
}
