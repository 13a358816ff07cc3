import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Workspace } from '../runtime/workspace.js';

/** Where a service's output can be found when the journal holds none of it, most useful first. */
export function otherLogPlaces(unit: string, workspace: Workspace | undefined): string[] {
  const places = [`systemctl --user status ${unit} (the last lines and why it stopped)`];
  const loopLog = workspace === undefined ? null : latestLoopLog(workspace);
  if (loopLog !== null) places.push(`${loopLog} (the loop's own log of its latest run)`);
  else if (workspace !== undefined)
    places.push(`${join(workspace.paths.runs, '<run-id>', 'loop.log')} (no run yet)`);
  places.push(`journalctl --user-unit ${unit} as the user the service runs as (journald must be running)`);
  return places;
}

/** The loop.log of the most recently changed run folder, or null when there is none. */
function latestLoopLog(workspace: Workspace): string | null {
  let newest: { path: string; mtime: number } | null = null;
  let names: string[];
  try {
    names = readdirSync(workspace.paths.runs);
  } catch {
    return null;
  }
  for (const name of names) {
    const path = join(workspace.paths.runs, name, 'loop.log');
    try {
      const mtime = statSync(path).mtimeMs;
      if (newest === null || mtime > newest.mtime) newest = { path, mtime };
    } catch {
      // a run without a log yet
    }
  }
  return newest?.path ?? null;
}
