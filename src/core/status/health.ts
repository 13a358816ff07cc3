import { type GpuStatus, probeGpu } from '../../adapters/gpu.js';
import { probeProxy } from '../../adapters/proxy.js';
import { resolveProxyBase } from '../config/proxy-base.js';
import type { Workspace } from '../runtime/workspace.js';
import type { ProxyView, StatusProbes } from './model.js';

/** The probed part of the status model: GPU and model proxy, checked concurrently. */
export interface HealthModel {
  readonly at: string;
  readonly gpu: GpuStatus;
  readonly proxy: ProxyView;
}

export async function probeHealth(
  workspace: Workspace,
  env: NodeJS.ProcessEnv,
  probes: Partial<StatusProbes> = {},
): Promise<HealthModel> {
  const at = new Date().toISOString();
  const gpu = (probes.gpu ?? (() => probeGpu(env)))();
  const base = await resolveProxyBase(workspace, env);
  const health = await (probes.proxy ?? probeProxy)(base.base);
  return { at, gpu: await gpu, proxy: { ...base, health } };
}

/** Healthy: the proxy answers healthy and nvidia-smi, if there is one, did not fail. */
export function isHealthy(health: HealthModel): boolean {
  return health.proxy.health.kind === 'healthy' && health.gpu.kind !== 'error';
}
