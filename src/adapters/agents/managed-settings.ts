import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode, errorMessage } from '../../base/errors.js';

/** Where Claude Code reads its managed (organisation) settings on Linux. */
export const CLAUDE_MANAGED_DIR = '/etc/claude-code';

/** A managed settings file that keeps the autoswe hook from running, and why. */
export interface HooksBlocked {
  readonly file: string;
  readonly why: string;
}

/**
 * The managed settings files that turn the autoswe hook off: `disableAllHooks` (any value Claude Code
 * reads as on) or `allowManagedHooksOnly: true` in `managed-settings.json` or `managed-settings.d/*.json`.
 * Managed settings outrank the --settings file the adapter passes, so nothing the loop writes can undo
 * them. A file that cannot be read or parsed is reported too: Claude Code may read more of it than we can.
 */
export function managedSettingsBlockingHooks(dir: string = CLAUDE_MANAGED_DIR): HooksBlocked[] {
  const files = [join(dir, 'managed-settings.json')];
  try {
    const dropIns = join(dir, 'managed-settings.d');
    for (const name of readdirSync(dropIns).sort()) {
      if (name.endsWith('.json')) files.push(join(dropIns, name));
    }
  } catch {
    // no drop-in folder
  }
  const blocked: HooksBlocked[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      blocked.push({ file, why: `cannot be read (${errorMessage(error)})` });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      blocked.push({ file, why: 'is not valid JSON, so whether it allows hooks is unknown' });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const settings = value as Record<string, unknown>;
    const disable = settings.disableAllHooks;
    if (disable !== undefined && disable !== null && disable !== false && disable !== 'false') {
      blocked.push({ file, why: `sets "disableAllHooks": ${JSON.stringify(disable)}` });
    } else if (settings.allowManagedHooksOnly === true) {
      blocked.push({ file, why: 'sets "allowManagedHooksOnly": true' });
    }
  }
  return blocked;
}
