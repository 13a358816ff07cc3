import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_USAGE } from '../../../src/base/errors.js';
import {
  type ModuleParity,
  overfittingNotes,
  paritySummaryPath,
  possibleOverfitting,
  readParity,
  readParitySummary,
  updateParity,
} from '../../../src/core/runtime/parity.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { JUNK, truncations } from '../../helpers/bad-input.js';
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
        { name: 'a', green: 1, red: 0, total: 1, flipped: true, holdout_green: 0, holdout_red: 0 },
        { name: 'b', green: 1, red: 2, total: 3, flipped: false, holdout_green: 0, holdout_red: 0 },
      ],
    });
  });

  it('counts hold-out cells and flags a module whose only RED cells are hold-out ones', () => {
    const cells = {
      seen: { status: 'GREEN' },
      held: { status: 'RED', holdout: true },
      heldGreen: { status: 'GREEN', holdout: true },
    };
    writeFileSync(workspace.paths.parity, JSON.stringify({ modules: { m: { cells } } }));
    const summary = readParitySummary(workspace);
    if (summary.kind !== 'ok') throw new Error('expected ok');
    expect(summary.modules[0]).toMatchObject({ red: 1, holdout_red: 1, holdout_green: 1 });
    expect(possibleOverfitting(summary.modules[0] as ModuleParity)).toBe(true);
    expect(overfittingNotes(summary)).toEqual(['m (1 hold-out RED)']);
    // A visible RED cell too: the port is simply unfinished, not overfitted.
    writeFileSync(
      workspace.paths.parity,
      JSON.stringify({ modules: { m: { cells: { ...cells, seen: { status: 'RED' } } } } }),
    );
    const again = readParitySummary(workspace);
    if (again.kind !== 'ok') throw new Error('expected ok');
    expect(overfittingNotes(again)).toEqual([]);
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

describe('parity.json decoding', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
  });
  afterEach(() => cleanup());
  const valid = {
    modules: {
      calc: {
        flipped: true,
        flipped_at: '2026-11-24T00:00:00.000Z',
        cells: {
          add: { status: 'GREEN', at: '2026-11-24T00:00:00.000Z', detail: null },
          sub: { status: 'RED' },
        },
        note: 'kept',
      },
    },
    extra: [1],
  };
  const withCalc = (calc: object) => ({ modules: { calc } });

  it('reads every known key and keeps unknown ones; a module may leave out flipped, flipped_at and cells', () => {
    writeFileSync(workspace.paths.parity, JSON.stringify(valid));
    expect(readParity(workspace)).toEqual({ kind: 'ok', value: valid });
    writeFileSync(workspace.paths.parity, JSON.stringify({ modules: { bare: {} } }));
    expect(readParity(workspace)).toEqual({
      kind: 'ok',
      value: { modules: { bare: { flipped: false, flipped_at: null, cells: {} } } },
    });
    writeFileSync(workspace.paths.parity, '{}');
    expect(readParity(workspace)).toEqual({ kind: 'ok', value: { modules: {} } });
  });

  it.each([
    [{ modules: [] }, 'modules: expected an object, got a list'],
    [{ modules: { calc: 'GREEN' } }, 'modules.calc: expected an object, got "GREEN"'],
    [withCalc({ flipped: 'no' }), 'modules.calc.flipped: expected true or false, got "no"'],
    [withCalc({ flipped_at: 5 }), 'modules.calc.flipped_at: expected a string or null, got 5'],
    [withCalc({ cells: [] }), 'modules.calc.cells: expected an object, got a list'],
    [withCalc({ cells: { add: 'GREEN' } }), 'modules.calc.cells.add: expected an object, got "GREEN"'],
    [
      withCalc({ cells: { add: {} } }),
      'modules.calc.cells.add.status: expected a string, got nothing (the key is missing)',
    ],
    [
      withCalc({ cells: { add: { status: true } } }),
      'modules.calc.cells.add.status: expected a string, got true',
    ],
    [
      withCalc({ cells: { add: { status: 'RED', detail: 7 } } }),
      'modules.calc.cells.add.detail: expected a string or null, got 7',
    ],
  ])('a known key of the wrong type makes it corrupt: %j', (value, message) => {
    writeFileSync(workspace.paths.parity, JSON.stringify(value));
    expect(readParity(workspace)).toEqual({ kind: 'corrupt', message });
    expect(readParitySummary(workspace)).toEqual({ kind: 'corrupt', message });
  });

  it('junk and truncated files are corrupt, never a crash', () => {
    for (const bad of [...JUNK, ...truncations(JSON.stringify(valid))]) {
      writeFileSync(workspace.paths.parity, bad);
      expect(readParity(workspace).kind, JSON.stringify(bad)).toBe('corrupt');
    }
  });

  it('its writer refuses a matrix readers would call corrupt (exit 2), and a corrupt file (exit 1); neither is touched', async () => {
    writeFileSync(workspace.paths.parity, JSON.stringify(valid));
    const before = readFileSync(workspace.paths.parity);
    const refused = updateParity(workspace, (matrix) => {
      const cell = matrix.modules.calc?.cells.add;
      if (cell !== undefined) Reflect.set(cell, 'status', 5);
    });
    await expect(refused).rejects.toThrow('modules.calc.cells.add.status: expected a string, got 5');
    await expect(refused).rejects.toMatchObject({ exitCode: EXIT_USAGE });
    expect(readFileSync(workspace.paths.parity)).toEqual(before);

    writeFileSync(workspace.paths.parity, '{"modules":{"calc":{"flipped":"no"}}}');
    const corrupt = updateParity(workspace, () => undefined);
    await expect(corrupt).rejects.toThrow(
      /refusing to write: .*parity\.json is corrupt \(modules\.calc\.flipped: /,
    );
    await expect(corrupt).rejects.toMatchObject({ exitCode: EXIT_FAILED });
    expect(readFileSync(workspace.paths.parity, 'utf8')).toBe('{"modules":{"calc":{"flipped":"no"}}}');
  });
});
