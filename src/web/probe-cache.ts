import { defaultProbes, type StatusProbes } from '../core/status/model.js';

/** GPU, proxy and service answers are reused this long: a page refresh per file change must not spawn nvidia-smi each time. */
export const PROBE_TTL_MS = 5_000;

interface Cached<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

function cache<T>(probe: () => Promise<T>, ttlMs: number, now: () => number): () => Promise<T> {
  let cached: Cached<T> | undefined;
  return () => {
    if (cached === undefined || now() - cached.at >= ttlMs) cached = { at: now(), value: probe() };
    return cached.value;
  };
}

/** Status probes that share one in-flight or recent answer between all requests. */
export function cachedProbes(
  env: NodeJS.ProcessEnv,
  probes: Partial<StatusProbes> = {},
  ttlMs = PROBE_TTL_MS,
  now: () => number = Date.now,
): StatusProbes {
  const real = defaultProbes(env);
  const gpu = cache(probes.gpu ?? real.gpu, ttlMs, now);
  const proxyProbe = probes.proxy ?? real.proxy;
  const proxies = new Map<string, () => Promise<Awaited<ReturnType<StatusProbes['proxy']>>>>();
  const service = cache(probes.service ?? real.service, ttlMs, now);
  return {
    gpu,
    service,
    proxy: (base) => {
      let probe = proxies.get(base);
      if (probe === undefined) {
        probe = cache(() => proxyProbe(base), ttlMs, now);
        proxies.set(base, probe);
      }
      return probe();
    },
  };
}
