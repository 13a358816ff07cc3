import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type HookPolicy,
  hookPolicyPath,
  readHookPolicy,
  writeHookPolicy,
} from '../../../src/core/runtime/hook-policy.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { JUNK, truncations, without } from '../../helpers/bad-input.js';
import { tempWorkspace } from '../../helpers/workspace.js';

const valid: HookPolicy = {
  root: '/w',
  runtime_dir: '/w/.autoswe',
  target: '/w/target',
  protected_globs: ['autoswe.yaml', 'rules.yaml', 'cases/**'],
  protected_files: ['/w/rules.yaml'],
  config: '/w/autoswe.yaml',
  config_sha256: 'ab'.repeat(32),
  run: '20261124T000000Z-beef',
  written_at: '2026-11-24T00:00:00.000Z',
};

describe('hook-policy.json', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
  });
  afterEach(() => cleanup());
  const path = () => hookPolicyPath(workspace);
  const write = (value: unknown) => writeFileSync(path(), JSON.stringify(value));

  it('round-trips through its writer; run may be null', async () => {
    await writeHookPolicy(workspace, valid);
    expect(readHookPolicy(workspace)).toEqual({ kind: 'ok', value: valid });
    write({ ...valid, run: null });
    expect(readHookPolicy(workspace)).toEqual({ kind: 'ok', value: { ...valid, run: null } });
  });

  it.each([
    [{ root: 1 }, 'root: expected a string, got 1'],
    [{ runtime_dir: null }, 'runtime_dir: expected a string, got null'],
    [{ target: {} }, 'target: expected a string, got an object'],
    [{ protected_globs: 'cases/**' }, 'protected_globs: expected a list, got "cases/**"'],
    [{ protected_files: ['/w/a', 7] }, 'protected_files.1: expected a string, got 7'],
    [{ run: 3 }, 'run: expected a string or null, got 3'],
    [{ written_at: false }, 'written_at: expected a string, got false'],
    [{ config_sha256: null }, 'config_sha256: expected a string, got null'],
  ])(
    'a key of the wrong type: corrupt (the hook rebuilds it from the config), naming the key: %j',
    (patch, message) => {
      write({ ...valid, ...patch });
      expect(readHookPolicy(workspace)).toEqual({ kind: 'corrupt', message: `${path()}: ${message}` });
    },
  );

  it.each(Object.keys(valid))('a missing %s: corrupt, naming it', (key) => {
    write(without(valid, key));
    const read = readHookPolicy(workspace);
    expect(read.kind === 'corrupt' && read.message).toMatch(
      new RegExp(`: ${key}: expected .*, got nothing \\(the key is missing\\)$`),
    );
  });

  it('junk or truncation: corrupt; nothing: missing; a folder where the file should be: throws (the hook denies)', () => {
    for (const bad of [...JUNK, '{}', ...truncations(JSON.stringify(valid))]) {
      writeFileSync(path(), bad);
      const read = readHookPolicy(workspace);
      expect(read.kind, JSON.stringify(bad)).toBe('corrupt');
      expect(read.kind === 'corrupt' && read.message).toContain(path());
    }
    cleanup();
    ({ workspace, cleanup } = tempWorkspace());
    expect(readHookPolicy(workspace)).toEqual({ kind: 'missing' });
    mkdirSync(path());
    expect(() => readHookPolicy(workspace)).toThrow(`cannot read ${path()}: EISDIR`);
  });
});
