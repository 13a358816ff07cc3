import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sentinels } from '../../src/core/runtime/sentinels.js';
import { type Workspace, workspaceAt } from '../../src/core/runtime/workspace.js';
import { pauseReason, waitWhilePaused } from '../../src/loop/pause-gate.js';

let root: string;
let workspace: Workspace;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'autoswe-gate-'));
  workspace = workspaceAt(root, {});
  mkdirSync(workspace.runtimeDir, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('waitWhilePaused', () => {
  it('opens at once when no sentinel exists, without calling onHold', async () => {
    const held: Sentinels[] = [];
    const outcome = await waitWhilePaused(workspace, {
      signal: new AbortController().signal,
      onHold: (s) => void held.push(s),
    });
    expect(outcome).toBe('open');
    expect(held).toEqual([]);
  });

  it('holds on PAUSE, reports it once, and wakes on its removal (the tick is ten minutes: the watch wakes it)', async () => {
    writeFileSync(workspace.paths.pause, '2026-11-24T00:00:00.000Z ops: lunch\n');
    const held: Sentinels[] = [];
    const gate = waitWhilePaused(workspace, {
      signal: new AbortController().signal,
      onHold: (s) => void held.push(s),
      tickMs: 600_000,
    });
    await vi.waitFor(() => expect(held).toHaveLength(1), { timeout: 5_000 });
    expect(held).toEqual([{ soft: '2026-11-24T00:00:00.000Z ops: lunch', hard: null }]);
    rmSync(workspace.paths.pause);
    expect(await gate).toBe('resumed');
  });

  it('keeps holding while PAUSE_HARD remains after PAUSE is gone', async () => {
    writeFileSync(workspace.paths.pause, 'x\n');
    writeFileSync(workspace.paths.pauseHard, 'x\n');
    let settled = false;
    let pauseGone = false;
    let heldChecksSincePauseGone = 0;
    const gate = waitWhilePaused(workspace, {
      signal: new AbortController().signal,
      onHold: () => {},
      onCheck: (held) => {
        if (pauseGone && held) heldChecksSincePauseGone += 1;
      },
      tickMs: 50,
    });
    void gate.then(() => {
      settled = true;
    });
    rmSync(workspace.paths.pause);
    pauseGone = true;
    // Two re-checks that ran after PAUSE was gone and still found the loop held.
    await vi.waitFor(() => expect(heldChecksSincePauseGone).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
    expect(settled).toBe(false);
    rmSync(workspace.paths.pauseHard);
    expect(await gate).toBe('resumed');
  });

  it('returns aborted when the signal fires while held', async () => {
    writeFileSync(workspace.paths.pause, 'x\n');
    const controller = new AbortController();
    const gate = waitWhilePaused(workspace, { signal: controller.signal, onHold: () => {} });
    setTimeout(() => controller.abort(), 50);
    expect(await gate).toBe('aborted');
  });

  it('returns aborted when the signal fired while the hold was being reported (no wait for resume or tick)', async () => {
    writeFileSync(workspace.paths.pause, 'x\n');
    const controller = new AbortController();
    const gate = waitWhilePaused(workspace, {
      signal: controller.signal,
      // The loop's onHold writes state.json; a stop can land before it returns.
      onHold: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        controller.abort();
      },
      tickMs: 600_000,
    });
    const outcome = await Promise.race([
      gate,
      new Promise((resolve) => setTimeout(() => resolve('still held after 2 s'), 2_000)),
    ]);
    expect(outcome).toBe('aborted');
  });
});

describe('pauseReason', () => {
  it('names the hard sentinel first', () => {
    expect(pauseReason({ soft: 'a', hard: 'b' })).toBe('hard pause: b');
    expect(pauseReason({ soft: 'a', hard: null })).toBe('pause: a');
    expect(pauseReason({ soft: null, hard: null })).toBeNull();
  });
});
