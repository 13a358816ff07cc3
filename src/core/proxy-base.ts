import { readFileSync } from 'node:fs';
import type { Workspace } from './workspace.js';

export const DEFAULT_PROXY_BASE = 'http://127.0.0.1:8011';

export interface ProxyBase {
  readonly base: string;
  readonly source: 'AUTOSWE_PROXY_BASE' | 'autoswe.yaml' | 'default';
}

/**
 * The model proxy's base URL: AUTOSWE_PROXY_BASE, else `proxy.base` in autoswe.yaml, else the default.
 * The YAML parser is loaded only when the file mentions a `proxy:` section, to keep `status` quick.
 */
export async function resolveProxyBase(workspace: Workspace, env: NodeJS.ProcessEnv): Promise<ProxyBase> {
  const quick = quickProxyBase(workspace, env);
  return typeof quick === 'string' ? proxyBaseFromYaml(quick) : quick;
}

/**
 * The base without the YAML parser: the answer, or the config text when it has a `proxy:` section to
 * parse. Synchronous, so `status` can open the probe's connection before it reads the runtime files.
 */
export function quickProxyBase(workspace: Workspace, env: NodeJS.ProcessEnv): ProxyBase | string {
  if (env.AUTOSWE_PROXY_BASE) return { base: env.AUTOSWE_PROXY_BASE, source: 'AUTOSWE_PROXY_BASE' };
  let text: string;
  try {
    text = readFileSync(workspace.paths.config, 'utf8');
  } catch {
    return { base: DEFAULT_PROXY_BASE, source: 'default' };
  }
  return /^proxy\s*:/m.test(text) ? text : { base: DEFAULT_PROXY_BASE, source: 'default' };
}

/** `proxy.base` from the text of autoswe.yaml, else the default. */
export async function proxyBaseFromYaml(text: string): Promise<ProxyBase> {
  try {
    const { parse } = await import('yaml');
    const config: unknown = parse(text);
    const base = (config as { proxy?: { base?: unknown } } | null)?.proxy?.base;
    if (typeof base === 'string' && base !== '') return { base, source: 'autoswe.yaml' };
  } catch {
    // An unparsable config is reported by the commands that need it; status still probes the default.
  }
  return { base: DEFAULT_PROXY_BASE, source: 'default' };
}
