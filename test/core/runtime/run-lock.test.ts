import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireRunLock,
  readRunLock,
  releaseRunLock,
  runLockPath,
  writeRunLock,
} from '../../../src/core/runtime/run-lock.js';
import { type Workspace, workspaceAt } from '../../../src/core/runtime/workspace.js';
import { JUNK, truncations, without } from '../../helpers/bad-input.js';

let root: string;
let workspace: Workspace;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'autoswe-runlock-'));
  workspace = workspaceAt(root, {});
  mkdirSync(workspace.runtimeDir, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const info = (pid: number, run: string) => ({
  pid,
  run,
  started_at: '2026-11-24T00:00:00.000Z',
  config: '/c',
});

describe('the run lock', () => {
  it('refuses while a live process holds it, naming run and pid', async () => {
    await acquireRunLock(workspace, info(process.pid, 'r1'));
    await expect(acquireRunLock(workspace, info(process.pid, 'r2'))).rejects.toThrow(
      new RegExp(`a run is already live on this workspace: run r1 \\(pid ${process.pid}`),
    );
  });

  it('takes over a lock whose pid is dead', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(runLockPath(workspace), JSON.stringify(info(Number(dead.stdout), 'old')));
    await acquireRunLock(workspace, info(process.pid, 'new'));
    expect(readRunLock(workspace)).toMatchObject({ pid: process.pid, run: 'new' });
  });

  it('is removed on release only by its holder', async () => {
    await acquireRunLock(workspace, info(process.pid, 'r1'));
    releaseRunLock(workspace, info(process.pid, 'someone-else'));
    expect(existsSync(runLockPath(workspace))).toBe(true);
    releaseRunLock(workspace, info(process.pid, 'r1'));
    expect(existsSync(runLockPath(workspace))).toBe(false);
  });
});

describe('run.lock decoding', () => {
  const valid = info(process.pid, 'r1');

  it.each([
    [{ pid: String(process.pid) }],
    [{ pid: 0 }],
    [{ run: 7 }],
    [{ started_at: null }],
    [{ config: ['/c'] }],
  ])('a lock with a key of the wrong type (%j) names no holder, and is taken over', async (patch) => {
    writeFileSync(runLockPath(workspace), JSON.stringify({ ...valid, ...patch }));
    expect(readRunLock(workspace)).toBeNull();
    await acquireRunLock(workspace, info(process.pid, 'new'));
    expect(readRunLock(workspace)).toEqual(info(process.pid, 'new'));
  });

  it('a lock without a key, junk or a torn write names no holder; a valid one does', () => {
    for (const bad of [
      ...Object.keys(valid).map((key) => JSON.stringify(without(valid, key))),
      ...JUNK,
      ...truncations(JSON.stringify(valid)),
    ]) {
      writeFileSync(runLockPath(workspace), bad);
      expect(readRunLock(workspace), bad).toBeNull();
    }
    writeFileSync(runLockPath(workspace), JSON.stringify({ ...valid, extra: 1 }));
    expect(readRunLock(workspace)).toEqual({ ...valid, extra: 1 });
  });

  it('its writer refuses a lock readers could not decode', () => {
    expect(() => writeRunLock(workspace, { ...valid, pid: -1 })).toThrow(
      'pid: expected a positive integer, got -1',
    );
    expect(existsSync(runLockPath(workspace))).toBe(false);
  });
});
