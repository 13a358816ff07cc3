import { probeProxy } from '../adapters/proxy.js';

/** Is the model endpoint there? Default: `GET <base>/health`; any answer below 500 counts as up. */
export type ModelProbe = (base: string) => Promise<{ up: boolean; error: string | null }>;

export const probeModel: ModelProbe = async (base) => {
  const health = await probeProxy(base, 2_000);
  if (health.kind === 'unreachable') return { up: false, error: health.error };
  if (health.statusCode >= 500) return { up: false, error: `HTTP ${health.statusCode}` };
  return { up: true, error: null };
};
