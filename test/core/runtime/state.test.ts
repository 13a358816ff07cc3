import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deepMerge,
  mergeState,
  parseStatePatch,
  readState,
  valueAtPath,
} from '../../../src/core/runtime/state.js';
import { workspaceAt } from '../../../src/core/runtime/workspace.js';
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
