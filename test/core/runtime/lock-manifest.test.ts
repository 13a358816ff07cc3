import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../../../src/base/errors.js';
import { readLockManifest, writeLockManifest } from '../../../src/core/runtime/lock-manifest.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { JUNK, truncations, without } from '../../helpers/bad-input.js';
import { tempWorkspace } from '../../helpers/workspace.js';

const valid = {
  at: '2026-11-24T00:00:00.000Z',
  files: { 'rules.yaml': 'ab12', 'autoswe.yaml': 'cd34' },
};

describe('LOCK.json', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
  });
  afterEach(() => cleanup());
  const write = (value: unknown) => writeFileSync(workspace.paths.lockManifest, JSON.stringify(value));

  it('round-trips through its writer; an empty manifest is valid', async () => {
    expect(readLockManifest(workspace)).toEqual({ kind: 'missing' });
    await writeLockManifest(workspace, valid);
    expect(readLockManifest(workspace)).toEqual({ kind: 'ok', value: valid });
    write({ at: 't', files: {} });
    expect(readLockManifest(workspace)).toEqual({ kind: 'ok', value: { at: 't', files: {} } });
  });

  it.each([
    [{ at: 5 }, 'at: expected a string, got 5'],
    [{ files: 3 }, 'files: expected an object, got 3'],
    [{ files: ['rules.yaml'] }, 'files: expected an object, got a list'],
    [{ files: { 'rules.yaml': 1 } }, 'files.rules.yaml: expected a string, got 1'],
  ])('a key of the wrong type makes it corrupt: %j', (patch, message) => {
    write({ ...valid, ...patch });
    expect(readLockManifest(workspace)).toEqual({ kind: 'corrupt', message });
  });

  it.each(['at', 'files'])('a missing %s makes it corrupt', (key) => {
    write(without(valid, key));
    expect(readLockManifest(workspace)).toMatchObject({
      kind: 'corrupt',
      message: expect.stringMatching(new RegExp(`^${key}: .*got nothing \\(the key is missing\\)$`)),
    });
  });

  it('junk and truncated files are corrupt, never a crash', () => {
    for (const bad of [...JUNK, '{}', ...truncations(JSON.stringify(valid))]) {
      writeFileSync(workspace.paths.lockManifest, bad);
      expect(readLockManifest(workspace).kind, JSON.stringify(bad)).toBe('corrupt');
    }
  });

  it('its writer refuses a manifest readers would call corrupt, and writes nothing', async () => {
    await writeLockManifest(workspace, valid);
    const before = readFileSync(workspace.paths.lockManifest);
    const files: { [path: string]: string } = { ...valid.files };
    Reflect.set(files, 'main.c', 42);
    const refused = writeLockManifest(workspace, { at: 't', files });
    await expect(refused).rejects.toThrow('files.main.c: expected a string, got 42');
    await expect(refused).rejects.toMatchObject({ exitCode: EXIT_USAGE });
    expect(readFileSync(workspace.paths.lockManifest)).toEqual(before);
  });
});
