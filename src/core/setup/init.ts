import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AutosweError } from '../../base/errors.js';
import { packageDir } from '../../base/package-dir.js';
import { CONFIG_TEMPLATE, RULES_TEMPLATE } from '../config/template.js';
import { CONFIG_FILE } from '../runtime/workspace.js';

export interface InitOutcome {
  readonly root: string;
  readonly created: readonly string[];
}

const UNIT_FILE = /\.(service|timer|path)$/;

/**
 * Scaffolds a workspace in `dir`: autoswe.yaml (every key explained), rules.yaml, docs/journey/,
 * .autoswe/ and deploy/ with the package's unit templates. Refuses when autoswe.yaml already exists.
 */
export function initWorkspace(dir: string): InitOutcome {
  const root = resolve(dir);
  const config = join(root, CONFIG_FILE);
  if (existsSync(config)) {
    throw new AutosweError(`${config} already exists; refusing to overwrite an existing workspace`);
  }
  mkdirSync(root, { recursive: true });
  const created: string[] = [];
  const write = (relative: string, text: string) => {
    const path = join(root, relative);
    if (existsSync(path)) return;
    writeFileSync(path, text, { flag: 'wx' });
    created.push(relative);
  };
  const makeDir = (relative: string) => {
    const path = join(root, relative);
    if (existsSync(path)) return;
    mkdirSync(path, { recursive: true });
    created.push(`${relative}/`);
  };
  write(CONFIG_FILE, CONFIG_TEMPLATE);
  write('rules.yaml', RULES_TEMPLATE);
  makeDir('docs/journey');
  makeDir('.autoswe');
  makeDir('deploy');
  const templates = join(packageDir(), 'deploy');
  if (existsSync(templates)) {
    for (const name of readdirSync(templates).filter((file) => UNIT_FILE.test(file))) {
      const destination = join(root, 'deploy', name);
      if (existsSync(destination)) continue;
      cpSync(join(templates, name), destination);
      created.push(`deploy/${name}`);
    }
  }
  return { root, created };
}
