import { mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listJourney, readJourneyEntry, readLatestJourneyEntry } from '../../../src/core/journey/entries.js';
import { workspaceAt } from '../../../src/core/runtime/workspace.js';
import { tempDir } from '../../helpers/cli.js';

describe('journey entries', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  function workspaceWith(files: Record<string, string>) {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const workspace = workspaceAt(temp.dir, {});
    mkdirSync(workspace.paths.journeyDir, { recursive: true });
    for (const [name, text] of Object.entries(files))
      writeFileSync(join(workspace.paths.journeyDir, name), text);
    return workspace;
  }

  it('orders by iteration number as a number: iter-10 before iter-9', () => {
    const workspace = workspaceWith({
      'iter-9.md': '# Nine\n',
      'iter-10.md': '# Ten\n',
      'iter-2.md': '# Two\n',
      'notes.md': 'ignored',
      'iter-x.md': 'ignored',
    });
    expect(listJourney(workspace).map((ref) => ref.iter)).toEqual([10, 9, 2]);
    expect(readLatestJourneyEntry(workspace)?.title).toBe('Ten');
  });

  it('a listing kept for an unchanged folder follows every entry added, removed or renamed', () => {
    const workspace = workspaceWith({ 'iter-1.md': '# One\n', 'iter-2.md': '# Two\n' });
    const dir = workspace.paths.journeyDir;
    const age = () => utimesSync(dir, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    age();
    expect(listJourney(workspace).map((ref) => ref.iter)).toEqual([2, 1]);
    writeFileSync(join(dir, 'iter-3.md'), '# Three\n');
    expect(listJourney(workspace).map((ref) => ref.iter)).toEqual([3, 2, 1]);
    age();
    rmSync(join(dir, 'iter-1.md'));
    expect(listJourney(workspace).map((ref) => ref.iter)).toEqual([3, 2]);
    age();
    renameSync(join(dir, 'iter-2.md'), join(dir, 'iter-20.md'));
    expect(listJourney(workspace).map((ref) => ref.iter)).toEqual([20, 3]);
    // The caller may change what it gets: the kept listing is not.
    listJourney(workspace).pop();
    expect(listJourney(workspace)).toHaveLength(2);
  });

  it('reads the Nth entry, with a fallback title, and undefined for a missing one', () => {
    const workspace = workspaceWith({ 'iter-3.md': 'no heading here\n' });
    expect(readJourneyEntry(workspace, 3)).toMatchObject({ iter: 3, title: 'Iteration 3' });
    expect(readJourneyEntry(workspace, 4)).toBeUndefined();
  });

  it('has no entries when docs/journey does not exist', () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    expect(readLatestJourneyEntry(workspaceAt(temp.dir, {}))).toBeUndefined();
  });
});
