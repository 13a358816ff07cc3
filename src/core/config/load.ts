import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AutosweError, EXIT_USAGE, errorMessage } from '../../base/errors.js';
import type { Workspace } from '../runtime/workspace.js';
import type { LoopConfig } from './types.js';

/**
 * Reads and validates autoswe.yaml (the workspace's, or `file`). Bad YAML or a bad value → exit 2 with
 * `<file>: <key.path>: expected <type>, got <value>`. yaml and valibot load only here, never on `status`.
 */
export async function loadConfig(workspace: Workspace, file?: string): Promise<LoopConfig> {
  const path = resolve(file ?? workspace.paths.config);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : errorMessage(error);
    throw new AutosweError(`cannot read config ${path}: ${why}`, EXIT_USAGE);
  }
  return parseConfig(text, path, workspace.root);
}

/** Validates config text; relative paths resolve against the config file's folder. */
export async function parseConfig(text: string, file: string, root: string): Promise<LoopConfig> {
  const [{ parse }, { validateConfig }] = await Promise.all([import('yaml'), import('./schema.js')]);
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true });
  } catch (error) {
    const firstLine = (errorMessage(error).split('\n')[0] ?? '').replace(/:$/, '');
    throw new AutosweError(`${file}: not valid YAML: ${firstLine}`, EXIT_USAGE);
  }
  return validateConfig(raw, file, root, dirname(file));
}
