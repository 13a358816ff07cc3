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
} from '../../../src/core/runtime/run-lock.js';
import { type Workspace, workspaceAt } from '../../../src/core/runtime/workspace.js';

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
