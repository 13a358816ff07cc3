import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runLockPath } from '../../../src/core/runtime/run-lock.js';
import { readState } from '../../../src/core/runtime/state.js';
import { resetEpoch } from '../../../src/core/state/epoch.js';
import { tempWorkspace } from '../../helpers/workspace.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('reset-epoch and run.lock', () => {
  it('is refused while a live process holds run.lock, even when state.json says PAUSED', async () => {
    const made = tempWorkspace();
    cleanup = made.cleanup;
    const ws = made.workspace;
    writeFileSync(ws.paths.state, '{"status":"PAUSED","epoch":2,"iter":5}\n');
    const lock = {
      pid: process.pid,
      run: '20261124T061500Z-3f2a',
      started_at: 'now',
      config: '/ws/autoswe.yaml',
    };
    writeFileSync(runLockPath(ws), `${JSON.stringify(lock)}\n`);
    await expect(resetEpoch(ws, 'op')).rejects.toThrow(
      `run 20261124T061500Z-3f2a (pid ${process.pid}) holds ${runLockPath(ws)}; stop it before resetting the epoch ('autoswe stop')`,
    );
    const state = readState(ws);
    expect(state.kind === 'ok' && state.value.epoch).toBe(2);

    // A lock whose pid is dead (a SIGKILLed run) does not hold the loop.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
    writeFileSync(runLockPath(ws), `${JSON.stringify({ ...lock, pid: dead })}\n`);
    expect(await resetEpoch(ws, 'op')).toMatchObject({ previous: 2, epoch: 3 });
  });
});
