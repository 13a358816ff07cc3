import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeSentinel, EMPTY_SENTINEL, readSentinels } from '../../../src/core/runtime/sentinels.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { pauseView } from '../../../src/core/status/model.js';
import { tempWorkspace } from '../../helpers/workspace.js';

describe('reading the pause sentinels', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
  });
  afterEach(() => cleanup());

  it('absent files are no pause; present ones give their text as one line', () => {
    expect(readSentinels(workspace)).toEqual({ soft: null, hard: null });
    writeFileSync(workspace.paths.pause, '2026-11-24T08:00:00Z ana: lunch\n  back at two\n');
    writeFileSync(workspace.paths.pauseHard, '');
    expect(readSentinels(workspace)).toEqual({
      soft: '2026-11-24T08:00:00Z ana: lunch back at two',
      hard: '(empty file, no reason given)',
    });
  });

  it('a sentinel that is there but cannot be read still pauses (fail towards holding the loop)', () => {
    // A directory where the file should be: present, and no text to read (works as root too).
    mkdirSync(workspace.paths.pauseHard);
    const sentinels = readSentinels(workspace);
    expect(sentinels.hard).toMatch(/^\(unreadable: is a folder, not a file\)/);
    expect(pauseView(sentinels, { kind: 'uninitialized' }).kind).toBe('hard');
  });
});

describe('sentinel text', () => {
  it.each([
    ['2026-11-24T08:00:00Z ana: lunch\n', '2026-11-24T08:00:00Z ana: lunch'],
    ['lunch\n  back at two\n\n', 'lunch back at two'],
    ['no newline at the end (truncated)', 'no newline at the end (truncated)'],
    ['', EMPTY_SENTINEL],
    ['  \n\t\n', EMPTY_SENTINEL],
    ['{"not":"a reason"}', '{"not":"a reason"}'],
    ['\u0000\u00ff junk', '\u0000\u00ff junk'],
  ])('%j is shown as %j: any text pauses, an empty file too', (text, shown) => {
    expect(decodeSentinel(text)).toBe(shown);
  });
});
