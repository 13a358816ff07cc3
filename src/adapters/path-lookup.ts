import { existsSync, statSync } from 'node:fs';
import { delimiter, sep } from 'node:path';

/**
 * Finds an executable on PATH without spawning anything (spawning just to learn "absent" costs a fork).
 * Most entries do not have it: existsSync answers those without an exception or a Stats object (a third
 * of statSync's cost; status looks up two programs on every run); only a hit is stat'ed for a file with an
 * execute bit.
 */
export function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = dir.endsWith(sep) ? `${dir}${command}` : `${dir}${sep}${command}`;
    if (!existsSync(candidate)) continue;
    try {
      const stats = statSync(candidate, { throwIfNoEntry: false });
      if (stats?.isFile() && (stats.mode & 0o111) !== 0) return candidate;
    } catch {
      // a PATH entry that is not a directory
    }
  }
  return undefined;
}
