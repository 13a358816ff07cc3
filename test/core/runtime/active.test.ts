import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeActive, readActiveTranscript, setActiveTranscript } from '../../../src/core/runtime/active.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { tempWorkspace } from '../../helpers/workspace.js';

describe('ACTIVE', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
  });
  afterEach(() => cleanup());

  it.each([
    ['/t/run-iter-1.jsonl\n', '/t/run-iter-1.jsonl'],
    ['  /t/a.jsonl  \n', '/t/a.jsonl'],
    ['/t/a.jsonl\n/t/b.jsonl\n', '/t/a.jsonl'],
    ['/t/a.jso', '/t/a.jso'],
    ['', null],
    ['\n/t/a.jsonl\n', null],
    ['   ', null],
  ])('%j names %j (the first line, trimmed; none when it is empty)', (text, path) => {
    expect(decodeActive(text)).toBe(path);
  });

  it('round-trips through its writer; missing is none; a folder in its place is an error', async () => {
    expect(readActiveTranscript(workspace)).toBeNull();
    await setActiveTranscript(workspace, '/t/run-iter-2.jsonl');
    expect(readFileSync(workspace.paths.active, 'utf8')).toBe('/t/run-iter-2.jsonl\n');
    expect(readActiveTranscript(workspace)).toBe('/t/run-iter-2.jsonl');
    writeFileSync(workspace.paths.active, '');
    expect(readActiveTranscript(workspace)).toBeNull();
    cleanup();
    ({ workspace, cleanup } = tempWorkspace());
    mkdirSync(workspace.paths.active);
    expect(() => readActiveTranscript(workspace)).toThrow(/is a folder, not a file/);
  });
});
