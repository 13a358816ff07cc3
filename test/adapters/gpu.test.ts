import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNvidiaSmi, probeGpu } from '../../src/adapters/gpu.js';
import { findOnPath } from '../../src/adapters/path-lookup.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'nvidia-smi-2gpu.txt');

describe('parseNvidiaSmi', () => {
  it('parses recorded output with two GPUs and [N/A] fields', () => {
    expect(parseNvidiaSmi(readFileSync(FIXTURE, 'utf8'))).toEqual([
      {
        name: 'NVIDIA GeForce RTX 4090',
        utilizationPct: 37,
        memoryUsedMiB: 20480,
        memoryTotalMiB: 24564,
        temperatureC: 61,
      },
      {
        name: 'NVIDIA A100-SXM4-80GB',
        utilizationPct: null,
        memoryUsedMiB: 1024,
        memoryTotalMiB: 81920,
        temperatureC: null,
      },
    ]);
  });

  it('ignores blank and short lines', () => {
    expect(parseNvidiaSmi('\n\nNo devices were found\n')).toEqual([]);
  });
});

describe('probeGpu', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  /** A PATH holding only a fake nvidia-smi running `script`. */
  function fakeNvidiaSmi(script: string): NodeJS.ProcessEnv {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const path = join(temp.dir, 'nvidia-smi');
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
    return { PATH: `${temp.dir}:/usr/bin:/bin` };
  }

  it('reports "absent" on this machine, which has no nvidia-smi, without spawning', async () => {
    const hasGpuTool = findOnPath('nvidia-smi', process.env) !== undefined;
    if (hasGpuTool) {
      // A machine with a GPU gets a real answer instead; absence is then covered by an empty PATH.
      expect((await probeGpu(process.env)).kind).not.toBe('absent');
    } else {
      expect(await probeGpu(process.env)).toEqual({ kind: 'absent' });
    }
    expect(await probeGpu({ PATH: '' })).toEqual({ kind: 'absent' });
  });

  it('runs nvidia-smi with the documented query and parses its output', async () => {
    const env = fakeNvidiaSmi(
      `[ "$1" = "--query-gpu=name,utilization.gpu,memory.used,memory.total,temperature.gpu" ] && [ "$2" = "--format=csv,noheader,nounits" ] || exit 9\ncat '${FIXTURE}'`,
    );
    const status = await probeGpu(env);
    expect(status.kind).toBe('ok');
    expect(status.kind === 'ok' && status.gpus.map((gpu) => gpu.name)).toEqual([
      'NVIDIA GeForce RTX 4090',
      'NVIDIA A100-SXM4-80GB',
    ]);
  });

  it('reports a failing nvidia-smi with its first line of output', async () => {
    const env = fakeNvidiaSmi(
      'echo "NVIDIA-SMI has failed because it could not communicate with the driver" >&2; exit 9',
    );
    expect(await probeGpu(env)).toEqual({
      kind: 'error',
      message: 'nvidia-smi exited 9: NVIDIA-SMI has failed because it could not communicate with the driver',
    });
  });

  it('gives up on a hung nvidia-smi within its timeout', async () => {
    const env = fakeNvidiaSmi('exec sleep 30');
    expect(await probeGpu(env, 300)).toEqual({
      kind: 'error',
      message: 'nvidia-smi did not answer within 300 ms',
    });
  });
});
