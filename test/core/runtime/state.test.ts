import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_USAGE } from '../../../src/base/errors.js';
import {
  deepMerge,
  mergeState,
  parseStatePatch,
  readState,
  valueAtPath,
} from '../../../src/core/runtime/state.js';
import { workspaceAt } from '../../../src/core/runtime/workspace.js';
import { JUNK, truncations } from '../../helpers/bad-input.js';
import { tempDir } from '../../helpers/cli.js';

describe('deepMerge', () => {
  it('merges objects key by key, replaces everything else, and deletes on null', () => {
    const merged = deepMerge(
      { status: 'RUNNING', plan: { status: 'done', note: 'x' }, list: [1, 2], gone: 1, keep: true },
      { plan: { note: null, at: 't' }, list: [3], gone: null, status: 'PAUSED', fresh: { a: 1 } },
    );
    expect(merged).toEqual({
      status: 'PAUSED',
      plan: { status: 'done', at: 't' },
      list: [3],
      keep: true,
      fresh: { a: 1 },
    });
  });

  it('replaces a non-object with an object and leaves the input untouched', () => {
    const target = { a: 1, b: { c: 1 } };
    expect(deepMerge(target, { a: { x: 1 } })).toEqual({ a: { x: 1 }, b: { c: 1 } });
    expect(target).toEqual({ a: 1, b: { c: 1 } });
  });
});

describe('state patches and paths', () => {
  it('accepts only a JSON object, naming the input otherwise', () => {
    expect(parseStatePatch('{"a":1}', 'stdin')).toEqual({ a: 1 });
    expect(() => parseStatePatch('[1]', 'stdin')).toThrow('stdin must be a JSON object');
    expect(() => parseStatePatch('{oops', 'the JSON argument')).toThrow(
      'the JSON argument is not valid JSON',
    );
  });

  it('reads dotted paths', () => {
    expect(valueAtPath({ plan: { status: 'done' } }, 'plan.status')).toBe('done');
    expect(valueAtPath({ plan: 'x' }, 'plan.status')).toBeUndefined();
  });
});

describe('state.json', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('reads missing as missing and unparsable as corrupt with the parser message', () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const workspace = workspaceAt(temp.dir, {});
    expect(readState(workspace)).toEqual({ kind: 'missing' });
    mkdirSync(workspace.runtimeDir);
    writeFileSync(workspace.paths.state, '{"status":');
    const read = readState(workspace);
    expect(read.kind).toBe('corrupt');
    expect(read.kind === 'corrupt' && read.message).toMatch(/JSON/);
    // A short file's text appears in the parser's message: its newline must not split the status line.
    writeFileSync(workspace.paths.state, 'nope\n');
    const quoted = readState(workspace);
    expect(quoted.kind === 'corrupt' && quoted.message).toMatch(/"nope\\n" is not valid JSON/);
  });

  it('merges under the lock, keeps unknown keys and stamps updated_at', async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const workspace = workspaceAt(temp.dir, {});
    await mergeState(workspace, { custom: { deep: 1 }, status: 'IDLE' });
    const state = await mergeState(workspace, { custom: { other: 2 } }, () => new Date(0));
    expect(state).toEqual({
      custom: { deep: 1, other: 2 },
      status: 'IDLE',
      updated_at: '1970-01-01T00:00:00.000Z',
    });
    expect(readState(workspace)).toEqual({ kind: 'ok', value: state });
  });
});

describe('state.json decoding', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());
  const setup = () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const workspace = workspaceAt(temp.dir, {});
    mkdirSync(workspace.runtimeDir);
    return workspace;
  };
  const valid = {
    status: 'RUNNING',
    reason: 'why',
    epoch: 1,
    iter: 7,
    module: 'parser',
    vertex: 'plan',
    plan: { status: 'done', at: '2026-11-24T00:00:00.000Z', note: null },
    judge: { status: 'ACCEPT', note: 'fine' },
    write: {},
    autonomous: true,
    run: '20261124T000000Z-beef',
    updated_at: '2026-11-24T00:00:00.000Z',
    custom: { anything: [1, 'two'] },
  };

  it('reads every known key, keeps unknown ones, and lets every key be missing', () => {
    const workspace = setup();
    writeFileSync(workspace.paths.state, JSON.stringify(valid));
    expect(readState(workspace)).toEqual({ kind: 'ok', value: valid });
    writeFileSync(workspace.paths.state, '{}');
    expect(readState(workspace)).toEqual({ kind: 'ok', value: {} });
    writeFileSync(workspace.paths.state, JSON.stringify({ module: null, vertex: null }));
    expect(readState(workspace)).toEqual({ kind: 'ok', value: { module: null, vertex: null } });
  });

  it.each([
    [{ iter: '7' }, 'iter: expected an integer ≥ 0, got "7"'],
    [{ iter: 1.5 }, 'iter: expected an integer ≥ 0, got 1.5'],
    [{ epoch: -1 }, 'epoch: expected an integer ≥ 0, got -1'],
    [
      { status: 'BANANA' },
      'status: expected one of IDLE, RUNNING, WAITING, PAUSED, WEDGE_PAUSED, DONE, MAX_ITERS, FAILED, got "BANANA"',
    ],
    [
      { status: null },
      'status: expected one of IDLE, RUNNING, WAITING, PAUSED, WEDGE_PAUSED, DONE, MAX_ITERS, FAILED, got null',
    ],
    [{ reason: 3 }, 'reason: expected a string, got 3'],
    [{ module: 3 }, 'module: expected a string or null, got 3'],
    [
      { vertex: 'lunch' },
      'vertex: expected one of select, plan, implement, build, verify, judge, journey or null, got "lunch"',
    ],
    [{ plan: 'done' }, 'plan: expected an object, got "done"'],
    [{ judge: { note: 5 } }, 'judge.note: expected a string or null, got 5'],
    [{ write: { status: ['x'] } }, 'write.status: expected a string, got a list'],
    [{ autonomous: 'yes' }, 'autonomous: expected true or false, got "yes"'],
    [{ run: 42 }, 'run: expected a string, got 42'],
    [{ updated_at: 0 }, 'updated_at: expected a string, got 0'],
    [{ build: 'yes' }, 'build: expected an object, got "yes"'],
    [
      { build: { status: 'maybe', duration_ms: 1, timeout_ms: 1, at: 'x', iter: 1 } },
      'build.status: expected one of ok, failed, timed-out, got "maybe"',
    ],
    [{ checks: [1] }, 'checks: expected an object, got a list'],
    [
      { checks: { vet: { status: 'ok', duration_ms: 1, timeout_ms: 1, at: 'x', iter: 1 } } },
      'checks.vet.on_fail: expected one of revert, note, got nothing (the key is missing)',
    ],
  ])('a known key of the wrong type makes it corrupt: %j', (patch, message) => {
    const workspace = setup();
    writeFileSync(workspace.paths.state, JSON.stringify({ ...valid, ...patch }));
    expect(readState(workspace)).toEqual({ kind: 'corrupt', message });
  });

  it('junk and truncated files are corrupt, never a crash', () => {
    const workspace = setup();
    const text = JSON.stringify(valid, null, 2);
    for (const bad of [...JUNK, ...truncations(text)]) {
      writeFileSync(workspace.paths.state, bad);
      expect(readState(workspace).kind, JSON.stringify(bad)).toBe('corrupt');
    }
    writeFileSync(workspace.paths.state, '[1]');
    expect(readState(workspace)).toEqual({
      kind: 'corrupt',
      message: '(top level): expected an object, got a list',
    });
  });

  it('a merge that would give a known key the wrong type is refused (exit 2) and changes nothing', async () => {
    const workspace = setup();
    writeFileSync(workspace.paths.state, JSON.stringify(valid));
    const before = readFileSync(workspace.paths.state);
    for (const [patch, message] of [
      [{ iter: '7' }, 'iter: expected an integer ≥ 0, got "7"'],
      [{ status: 'BANANA' }, 'status: expected one of'],
      [{ plan: { note: 5 } }, 'plan.note: expected a string or null, got 5'],
    ] as const) {
      const refused = mergeState(workspace, patch);
      await expect(refused).rejects.toThrow(`refusing to write ${workspace.paths.state}: ${message}`);
      await expect(refused).rejects.toMatchObject({ exitCode: EXIT_USAGE });
      expect(readFileSync(workspace.paths.state)).toEqual(before);
    }
  });

  it('writers refuse a file already corrupt on disk with exit 1, leaving it as it is', async () => {
    const workspace = setup();
    writeFileSync(workspace.paths.state, '{"iter":"7"}');
    const refused = mergeState(workspace, { iter: 1 });
    await expect(refused).rejects.toThrow(
      `refusing to write: ${workspace.paths.state} is corrupt (iter: expected an integer ≥ 0, got "7")`,
    );
    await expect(refused).rejects.toMatchObject({ exitCode: EXIT_FAILED });
    expect(readFileSync(workspace.paths.state, 'utf8')).toBe('{"iter":"7"}');
  });
});
