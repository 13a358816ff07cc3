import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findOnPath } from '../../adapters/path-lookup.js';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { packageDir } from '../../base/package-dir.js';
import {
  CONFIG_TEMPLATE,
  goConfigTemplate,
  RULES_TEMPLATE,
  type TemplateLanguage,
} from '../config/template.js';
import { CONFIG_FILE } from '../runtime/workspace.js';
import { findGoModule, goTemplateFacts } from './go-facts.js';

export interface InitOutcome {
  readonly root: string;
  readonly created: readonly string[];
  /** Which defaults autoswe.yaml starts from, and why (`--lang go`, `found go.mod`, `default`). */
  readonly language: TemplateLanguage;
  readonly why: string;
  /** What autoswe.yaml's `agent.sandbox` and `sandbox` say. */
  readonly sandbox: 'bwrap' | 'none';
}

const LANGUAGES: readonly TemplateLanguage[] = ['node', 'go'];

/** `--lang`: go or node; anything else is a usage error. */
export function parseLanguage(value: string | undefined): TemplateLanguage | undefined {
  if (value === undefined) return undefined;
  const language = LANGUAGES.find((known) => known === value);
  if (language === undefined) {
    throw new AutosweError(
      `init: --lang: expected ${LANGUAGES.join(' or ')}, got ${JSON.stringify(value)}`,
      EXIT_USAGE,
    );
  }
  return language;
}

/** The template with both sandboxes set to bwrap: the agent's (`agent.sandbox`) and the case runs' (`sandbox`). */
export function withBwrap(template: string): string {
  return template
    .replace(/^ {2}sandbox: none$/m, '  sandbox: bwrap')
    .replace(/^sandbox: none$/m, 'sandbox: bwrap');
}

/** Whether `init` should write bwrap: bubblewrap is on PATH. */
export function bwrapInstalled(env: NodeJS.ProcessEnv): boolean {
  return findOnPath('bwrap', env) !== undefined;
}

const UNIT_FILE = /\.(service|timer|path)$/;

/**
 * Scaffolds a workspace in `dir`: autoswe.yaml (every key explained), rules.yaml, docs/journey/,
 * .autoswe/ and deploy/ with the package's unit templates. Refuses when autoswe.yaml already exists.
 * autoswe.yaml starts from the Go defaults (build, checks, the built binary) with `language: 'go'`, or
 * when the folder (or its target/) holds a go.mod; else from the general ones.
 */
export function initWorkspace(
  dir: string,
  options: {
    readonly language?: TemplateLanguage;
    /** bubblewrap is installed: the agent and the case runs are sandboxed (docs/SECURITY.md). */
    readonly bwrap?: boolean;
  } = {},
): InitOutcome {
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
  const found = findGoModule(root);
  const language = options.language ?? (found === null ? 'node' : 'go');
  const why =
    options.language !== undefined
      ? `--lang ${options.language}`
      : found === null
        ? 'default'
        : `found ${found.target === '.' ? '' : 'target/'}go.mod`;
  const template = language === 'go' ? goConfigTemplate(goTemplateFacts(root)) : CONFIG_TEMPLATE;
  write(CONFIG_FILE, options.bwrap === true ? withBwrap(template) : template);
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
  return { root, created, language, why, sandbox: options.bwrap === true ? 'bwrap' : 'none' };
}
