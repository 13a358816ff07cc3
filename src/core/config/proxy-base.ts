import { readFileSync } from 'node:fs';
import { isJsonObject } from '../runtime/decode.js';
import {
  CONFIG_SUMMARY_FILE,
  type FileStamp,
  fileStamp,
  type RecordedProxyBase,
  readDerived,
  recordedProxyBase,
  writeDerived,
} from '../runtime/summaries.js';
import type { Workspace } from '../runtime/workspace.js';

export const DEFAULT_PROXY_BASE = 'http://127.0.0.1:8011';

export interface ProxyBase {
  readonly base: string;
  readonly source: 'AUTOSWE_PROXY_BASE' | 'autoswe.yaml' | 'default';
}

/** A `proxy:` section only the YAML parser can read: autoswe.yaml's text, and where to record the answer. */
export interface ProxyBaseToParse {
  readonly text: string;
  readonly stamp: FileStamp;
  readonly summary: string;
}

/** The model proxy's base URL: AUTOSWE_PROXY_BASE, else `proxy.base` in autoswe.yaml, else the default. */
export async function resolveProxyBase(workspace: Workspace, env: NodeJS.ProcessEnv): Promise<ProxyBase> {
  const quick = quickProxyBase(workspace, env);
  return 'text' in quick ? proxyBaseFromYaml(quick) : quick;
}

/**
 * The base without the YAML parser when possible: from the environment, from the summary of this version
 * of autoswe.yaml, or the default when the file has no `proxy:` section; else what there is to parse.
 * Synchronous, so `status` can open the probe's connection before it reads the runtime files.
 */
export function quickProxyBase(workspace: Workspace, env: NodeJS.ProcessEnv): ProxyBase | ProxyBaseToParse {
  if (env.AUTOSWE_PROXY_BASE) return { base: env.AUTOSWE_PROXY_BASE, source: 'AUTOSWE_PROXY_BASE' };
  // Stamped before reading: a config changed meanwhile has a newer stamp, so is parsed again next time.
  const stamp = fileStamp(workspace.paths.config);
  if (stamp === undefined) return { base: DEFAULT_PROXY_BASE, source: 'default' };
  // `proxy.base` as parsed from this version of autoswe.yaml, kept in the runtime dir like the parity and
  // rules summaries (src/core/runtime/summaries.ts): the YAML parser alone costs `status` ~20 ms to load.
  const summary = `${workspace.runtimeDir}/${CONFIG_SUMMARY_FILE}`;
  const recorded = readDerived(summary, stamp, recordedProxyBase);
  if (recorded !== undefined) return recorded;
  let text: string;
  try {
    text = readFileSync(workspace.paths.config, 'utf8');
  } catch {
    return { base: DEFAULT_PROXY_BASE, source: 'default' };
  }
  return /^proxy\s*:/m.test(text)
    ? { text, stamp, summary }
    : { base: DEFAULT_PROXY_BASE, source: 'default' };
}

/** `proxy.base` from the text of autoswe.yaml, else the default; recorded for this version of the file. */
export async function proxyBaseFromYaml(config: ProxyBaseToParse): Promise<ProxyBase> {
  const base = await parseProxyBase(config.text);
  const found: RecordedProxyBase =
    base === undefined ? { base: DEFAULT_PROXY_BASE, source: 'default' } : { base, source: 'autoswe.yaml' };
  writeDerived(config.summary, config.stamp, found);
  return found;
}

async function parseProxyBase(text: string): Promise<string | undefined> {
  try {
    const { parse } = await import('yaml');
    const config: unknown = parse(text);
    const base = isJsonObject(config) && isJsonObject(config.proxy) ? config.proxy.base : undefined;
    if (typeof base === 'string' && base !== '') return base;
  } catch {
    // An unparsable config is reported by the commands that need it; status still probes the default.
  }
  return undefined;
}
