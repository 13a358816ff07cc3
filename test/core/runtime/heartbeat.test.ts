import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../../../src/base/errors.js';
import { type Heartbeat, readHeartbeat, writeHeartbeat } from '../../../src/core/runtime/heartbeat.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { JUNK, truncations, without } from '../../helpers/bad-input.js';
import { tempWorkspace } from '../../helpers/workspace.js';

const valid: Heartbeat = {
  at: '2026-11-24T00:00:00.000Z',
  pid: 4242,
  run: '20261124T000000Z-beef',
  epoch: 0,
  iter: 7,
  vertex: 'implement',
};

describe('HEARTBEAT', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
  });
  afterEach(() => cleanup());
  const write = (value: unknown) => writeFileSync(workspace.paths.heartbeat, JSON.stringify(value));

  it('round-trips through its writer; vertex may be null; unknown keys are kept', async () => {
    expect(readHeartbeat(workspace)).toEqual({ kind: 'missing' });
    await writeHeartbeat(workspace, valid);
    expect(readHeartbeat(workspace)).toEqual({ kind: 'ok', value: valid });
    write({ ...valid, vertex: null, extra: 1 });
    expect(readHeartbeat(workspace)).toEqual({ kind: 'ok', value: { ...valid, vertex: null, extra: 1 } });
  });

  it.each([
    [{ at: 5 }, 'at: expected a string, got 5'],
    [{ pid: '4242' }, 'pid: expected a positive integer, got "4242"'],
    [{ pid: 0 }, 'pid: expected a positive integer, got 0'],
    [{ run: null }, 'run: expected a string, got null'],
    [{ epoch: -2 }, 'epoch: expected an integer ≥ 0, got -2'],
    [{ iter: '7' }, 'iter: expected an integer ≥ 0, got "7"'],
    [
      { vertex: 'lunch' },
      'vertex: expected one of select, plan, implement, build, verify, judge, journey or null, got "lunch"',
    ],
  ])('a key of the wrong type makes it corrupt: %j', (patch, message) => {
    write({ ...valid, ...patch });
    expect(readHeartbeat(workspace)).toEqual({ kind: 'corrupt', message });
  });

  it.each(Object.keys(valid))('a missing %s makes it corrupt', (key) => {
    write(without(valid, key));
    const read = readHeartbeat(workspace);
    expect(read).toMatchObject({ kind: 'corrupt' });
    expect(read.kind === 'corrupt' && read.message).toMatch(
      new RegExp(`^${key}: expected .*, got nothing \\(the key is missing\\)$`),
    );
  });

  it('junk and truncated files are corrupt, never a crash', () => {
    for (const bad of [...JUNK, '{}', ...truncations(JSON.stringify(valid))]) {
      writeFileSync(workspace.paths.heartbeat, bad);
      expect(readHeartbeat(workspace).kind, JSON.stringify(bad)).toBe('corrupt');
    }
  });

  it('its writer refuses a value readers would call corrupt, and writes nothing', async () => {
    await writeHeartbeat(workspace, valid);
    const before = readFileSync(workspace.paths.heartbeat);
    const refused = writeHeartbeat(workspace, { ...valid, iter: -1 });
    await expect(refused).rejects.toThrow('iter: expected an integer ≥ 0, got -1');
    await expect(refused).rejects.toMatchObject({ exitCode: EXIT_USAGE });
    expect(readFileSync(workspace.paths.heartbeat)).toEqual(before);
  });
});
