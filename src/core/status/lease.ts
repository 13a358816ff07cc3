import type { ProxyHealth } from '../../adapters/proxy.js';

export interface LeaseOptions {
  /** Keep trying this long; 0 means one attempt. */
  readonly waitMs: number;
  readonly probe: (base: string, timeoutMs: number) => Promise<ProxyHealth>;
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
  const deadline = now() + options.waitMs;
  let attempts = 0;
  for (;;) {
    attempts++;
    const remaining = Math.max(0, deadline - now());
    const health = await options.probe(base, Math.max(250, Math.min(ATTEMPT_TIMEOUT_MS, remaining)));
    if (health.kind === 'healthy') return { ready: true, base, attempts, latencyMs: health.latencyMs };
    const lastError = health.kind === 'unhealthy' ? `HTTP ${health.statusCode}` : health.error;
    const left = deadline - now();
    if (left <= 0) return { ready: false, base, attempts, lastError };
    await sleep(Math.min(interval, left));
  }
}
