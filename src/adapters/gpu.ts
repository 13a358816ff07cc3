import { findOnPath } from './path-lookup.js';
import { runProgram } from './spawn.js';

export interface GpuInfo {
  readonly name: string;
  readonly utilizationPct: number | null;
  readonly memoryUsedMiB: number | null;
  readonly memoryTotalMiB: number | null;
  readonly temperatureC: number | null;
}

export type GpuStatus =
  | { readonly kind: 'absent' }
  | { readonly kind: 'ok'; readonly gpus: readonly GpuInfo[] }
  | { readonly kind: 'error'; readonly message: string };

export const NVIDIA_SMI_ARGS = [
  '--query-gpu=name,utilization.gpu,memory.used,memory.total,temperature.gpu',
  '--format=csv,noheader,nounits',
];

/** Parses `nvidia-smi --query-gpu=… --format=csv,noheader,nounits` output, one GPU a line. */
export function parseNvidiaSmi(output: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    const fields = line.split(',').map((field) => field.trim());
    if (fields.length < 5) continue;
    const [name = '', util, used, total, temp] = fields;
    gpus.push({
      name,
      utilizationPct: numberOrNull(util),
      memoryUsedMiB: numberOrNull(used),
      memoryTotalMiB: numberOrNull(total),
      temperatureC: numberOrNull(temp),
    });
  }
  return gpus;
}

function numberOrNull(field: string | undefined): number | null {
  if (field === undefined || field === '' || /N\/A|Not Supported/i.test(field)) return null;
  const value = Number(field);
  return Number.isFinite(value) ? value : null;
}

/** Asks nvidia-smi for the GPUs; absent → "no GPU"; a hung or failing nvidia-smi → error within `timeoutMs`. */
export async function probeGpu(env: NodeJS.ProcessEnv, timeoutMs = 1500): Promise<GpuStatus> {
  const executable = findOnPath('nvidia-smi', env);
  if (executable === undefined) return { kind: 'absent' };
  // Killed at once at the deadline: a hung driver must not hold `status`.
  const result = await runProgram(executable, NVIDIA_SMI_ARGS, { env, timeoutMs, graceMs: 0 });
  if (result.timedOut) return { kind: 'error', message: `nvidia-smi did not answer within ${timeoutMs} ms` };
  if (result.error) return { kind: 'error', message: result.error };
  if (result.code !== 0) {
    const detail = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
    return { kind: 'error', message: `nvidia-smi exited ${result.code}${detail ? `: ${detail}` : ''}` };
  }
  const gpus = parseNvidiaSmi(result.stdout);
  return gpus.length > 0 ? { kind: 'ok', gpus } : { kind: 'error', message: 'nvidia-smi listed no GPU' };
}
