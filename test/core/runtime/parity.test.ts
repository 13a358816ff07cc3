import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paritySummaryPath, readParitySummary, updateParity } from '../../../src/core/runtime/parity.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { tempWorkspace } from '../../helpers/workspace.js';

const matrix = (statuses: string[]) => ({
  modules: {
    b: {
      flipped: false,
      flipped_at: null,
      cells: Object.fromEntries(statuses.map((status, i) => [`c${i}`, { status }])),
    },
    a: { flipped: true, flipped_at: 't', cells: { x: { status: 'GREEN' } } },
  },
});

describe('parity counts', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
  });
  afterEach(() => cleanup());

  it('counts GREEN and RED per module and in total; anything not GREEN is RED', () => {
    writeFileSync(workspace.paths.parity, JSON.stringify(matrix(['GREEN', 'RED', 'FLAKY'])));
    expect(readParitySummary(workspace)).toEqual({
      kind: 'ok',
      green: 2,
      red: 2,
      total: 4,
      modules: [
        { name: 'a', green: 1, red: 0, total: 1, flipped: true },
        { name: 'b', green: 1, red: 2, total: 3, flipped: false },
      ],
    });
  });

  it('reports missing and corrupt files', () => {
    expect(readParitySummary(workspace)).toEqual({ kind: 'missing' });
    writeFileSync(workspace.paths.parity, '{"modules": [');
    expect(readParitySummary(workspace).kind).toBe('corrupt');
    writeFileSync(workspace.paths.parity, '{"modules": 3}');
    expect(readParitySummary(workspace)).toEqual({
      kind: 'corrupt',
      message: 'modules: expected an object, got 3',
    });
  });

  it('keeps the counts per version of parity.json and never serves stale ones', async () => {
    writeFileSync(workspace.paths.parity, JSON.stringify(matrix(['RED', 'RED'])));
    expect(readParitySummary(workspace)).toMatchObject({ green: 1, red: 2 });
    expect(existsSync(paritySummaryPath(workspace))).toBe(true);
    // Rewritten in place by a program that knows nothing of the cache: same inode, new mtime.
    writeFileSync(workspace.paths.parity, JSON.stringify(matrix(['RED', 'GREEN'])));
    expect(readParitySummary(workspace)).toMatchObject({ green: 2, red: 1 });
    // Written by autoswe: the counts are recorded with the new file.
    await updateParity(workspace, (current) => {
      const cells = current.modules.b?.cells ?? {};
      for (const cell of Object.values(cells)) cell.status = 'GREEN';
    });
    expect(readParitySummary(workspace)).toMatchObject({ green: 3, red: 0 });
    // A cache that is garbage is ignored.
    writeFileSync(paritySummaryPath(workspace), 'garbage');
    expect(readParitySummary(workspace)).toMatchObject({ green: 3, red: 0 });
  });
});
