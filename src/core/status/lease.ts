import { type ProxyHealth, probeProxy } from '../../adapters/proxy.js';
import { type ProxyBase, resolveProxyBase } from '../config/proxy-base.js';
import type { Workspace } from '../runtime/workspace.js';

export interface LeaseOptions {
  /** Keep trying this long; 0 means one attempt. */
  readonly waitMs: number;
  /** Default: `GET <base>/health`. */
  readonly probe?: (base: string, timeoutMs: number) => Promise<ProxyHealth>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Pause between attempts. */
  readonly intervalMs?: number;
}

export type LeaseOutcome =
  | { readonly ready: true; readonly base: string; readonly attempts: number; readonly latencyMs: number }
  | { readonly ready: false; readonly base: string; readonly attempts: number; readonly lastError: string };

const ATTEMPT_TIMEOUT_MS = 2_000;

/** Probes `<base>/health` until it answers healthy or `waitMs` has passed; the last error says why not. */
export async function waitForLease(base: string, options: LeaseOptions): Promise<LeaseOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const interval = options.intervalMs ?? 1_000;
  const probe = options.probe ?? probeProxy;
  const deadline = now() + options.waitMs;
  let attempts = 0;
  for (;;) {
    attempts++;
    const remaining = Math.max(0, deadline - now());
    const health = await probe(base, Math.max(250, Math.min(ATTEMPT_TIMEOUT_MS, remaining)));
    if (health.kind === 'healthy') return { ready: true, base, attempts, latencyMs: health.latencyMs };
    const lastError = health.kind === 'unhealthy' ? `HTTP ${health.statusCode}` : health.error;
    const left = deadline - now();
    if (left <= 0) return { ready: false, base, attempts, lastError };
    await sleep(Math.min(interval, left));
  }
}

/** The proxy `lease-ready` waits for: the workspace's; outside one, AUTOSWE_PROXY_BASE alone is enough. */
export async function leaseProxyBase(workspace: () => Workspace, env: NodeJS.ProcessEnv): Promise<ProxyBase> {
  try {
    return await resolveProxyBase(workspace(), env);
  } catch (error) {
    if (env.AUTOSWE_PROXY_BASE) return { base: env.AUTOSWE_PROXY_BASE, source: 'AUTOSWE_PROXY_BASE' };
    throw error;
  }
}
