import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  configStamp,
  type HookPolicy,
  hookPolicyPath,
  readHookPolicy,
  writeHookPolicy,
} from '../../../src/core/runtime/hook-policy.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { waitFor } from '../../e2e/loop-helpers.js';
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
    // config_stat is optional (policies of older runs have none) and may be null (a racy stamp).
    for (const config_stat of ['1:2:3:4:5', null]) {
      await writeHookPolicy(workspace, { ...valid, config_stat });
      expect(readHookPolicy(workspace)).toEqual({ kind: 'ok', value: { ...valid, config_stat } });
    }
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
    [{ config_stat: 5 }, 'config_stat: expected a string or null, got 5'],
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

describe('configStamp: the stat stamp the hook trusts instead of hashing the config', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
  });
  afterEach(() => cleanup());
  const soon = () => Date.now() + 3_000;

  it('is null for a missing file and for one changed in the last two seconds (racy), else five numbers', () => {
    const file = join(workspace.root, 'autoswe.yaml');
    expect(configStamp(file)).toBeNull();
    writeFileSync(file, 'target: .\n');
    expect(configStamp(file)).toBeNull();
    expect(configStamp(file, soon())).toMatch(/^\d+:\d+:\d+:\d+:\d+$/);
  });

  it('changes when the file is rewritten with bytes of the same size, or replaced by a rename', async () => {
    const file = join(workspace.root, 'autoswe.yaml');
    writeFileSync(file, 'protected: ["a/**"]\n');
    const first = await waitFor(
      'the config to age past the racy window',
      () => configStamp(file) ?? undefined,
      10_000,
    );
    writeFileSync(file, 'protected: ["b/**"]\n');
    const rewritten = configStamp(file, soon());
    expect(rewritten).not.toBeNull();
    expect(rewritten).not.toBe(first);
    const replacement = join(workspace.root, 'next.yaml');
    writeFileSync(replacement, 'protected: ["b/**"]\n');
    renameSync(replacement, file);
    const renamed = configStamp(file, soon());
    expect(renamed?.split(':')[1]).not.toBe(rewritten?.split(':')[1]);
  });
});
