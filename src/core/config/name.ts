import { readFileSync } from 'node:fs';
import { AutosweError, EXIT_USAGE, errorMessage } from '../../base/errors.js';
import { shownValue } from '../../base/shown.js';
import { isJsonObject } from '../runtime/decode.js';
import { INSTANCE_NAME_RULE, isInstanceName } from '../runtime/instance-name.js';
import type { Workspace } from '../runtime/workspace.js';

/**
 * `name:` of autoswe.yaml alone (null when absent), checked as the schema checks it. install-units needs
 * only this: a config still being written (no `legacy:` yet) can be registered; `run` validates the rest.
 */
export async function readConfiguredName(workspace: Workspace): Promise<string | null> {
  const file = workspace.paths.config;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AutosweError(`cannot read config ${file}: ${errorMessage(error)}`, EXIT_USAGE);
  }
  if (!/^name\s*:/m.test(text)) return null;
  const { parse } = await import('yaml');
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new AutosweError(
      `${file}: not valid YAML: ${(errorMessage(error).split('\n')[0] ?? '').replace(/:$/, '')}`,
      EXIT_USAGE,
    );
  }
  const name = isJsonObject(raw) ? raw.name : undefined;
  if (name === undefined || name === null) return null;
  if (typeof name !== 'string' || !isInstanceName(name)) {
    throw new AutosweError(
      `${file}: name: expected a workspace name (${INSTANCE_NAME_RULE}), got ${shownValue(name, 'a mapping')}`,
      EXIT_USAGE,
    );
  }
  return name;
}
