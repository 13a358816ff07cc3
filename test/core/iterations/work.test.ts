import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIFF_MAX_BYTES, iterationDiff, revertedPatchPath } from '../../../src/core/iterations/work.js';
import { tempWorkspace } from '../../helpers/workspace.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('iterationDiff of a REVERT: the saved patch', () => {
  it('is read up to the page limit and says it was cut; a FIFO in its place is an error, never a wait', async () => {
    const made = tempWorkspace();
    cleanup = made.cleanup;
    const { workspace } = made;
    appendFileSync(
      workspace.paths.verdicts,
      `${JSON.stringify({ at: '2026-12-02T00:00:00.000Z', epoch: 0, iter: 3, module: 'calc', verdict: 'REVERT', reason: 'r', run: 'r1' })}\n`,
    );
    const patch = revertedPatchPath(workspace, 'r1', 3);
    mkdirSync(dirname(patch), { recursive: true });
    writeFileSync(patch, 'x'.repeat(DIFF_MAX_BYTES + 10));
    const diff = await iterationDiff(workspace, workspace.root, process.env, 'r1', 3);
    expect(diff.kind === 'reverted' && { length: diff.text?.length, cut: diff.cut }).toEqual({
      length: DIFF_MAX_BYTES,
      cut: true,
    });
    rmSync(patch);
    execFileSync('mkfifo', [patch]);
    await expect(iterationDiff(workspace, workspace.root, process.env, 'r1', 3)).rejects.toThrow(
      `cannot read ${patch}: it is not a regular file`,
    );
  });
});
