import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendVerdict,
  queryVerdicts,
  readLastVerdicts,
  type Verdict,
  type VerdictEntry,
} from '../../../src/core/runtime/verdicts.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { tempWorkspace } from '../../helpers/workspace.js';

function verdict(iter: number, kind: Verdict['verdict'], module = 'parser'): Verdict {
  return {
    at: '2026-11-23T22:31:47.120Z',
    epoch: 0,
    iter,
    module,
    verdict: kind,
    reason: `iteration ${iter}`,
  };
}

const iters = (entries: readonly VerdictEntry[]) =>
  entries.map((entry) => (entry.kind === 'verdict' ? entry.verdict.iter : entry.text));

describe('verdicts', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace({ runtimeDir: false }));
  });
  afterEach(() => cleanup());

  it('reads the last N oldest first, and nothing when VERDICTS is missing', () => {
    expect(readLastVerdicts(workspace, 5)).toEqual([]);
    for (let iter = 1; iter <= 12; iter++) appendVerdict(workspace, verdict(iter, 'ACCEPT'));
    expect(iters(readLastVerdicts(workspace, 3))).toEqual([10, 11, 12]);
    expect(iters(readLastVerdicts(workspace, 50))).toHaveLength(12);
  });

  it('returns malformed lines as raw text instead of failing', () => {
    appendVerdict(workspace, verdict(1, 'ACCEPT'));
    writeFileSync(workspace.paths.verdicts, 'not json at all\n{"verdict":"MAYBE","module":"x"}\n', {
      flag: 'a',
    });
    appendVerdict(workspace, verdict(2, 'REVERT'));
    const entries = readLastVerdicts(workspace, 10);
    expect(entries.map((entry) => entry.kind)).toEqual(['verdict', 'raw', 'raw', 'verdict']);
    expect(iters(entries)).toEqual([1, 'not json at all', '{"verdict":"MAYBE","module":"x"}', 2]);
  });

  it('pages backwards with the offset cursor until the start of the file', () => {
    for (let iter = 1; iter <= 7; iter++) appendVerdict(workspace, verdict(iter, 'ACCEPT'));
    const first = queryVerdicts(workspace, { limit: 3 });
    expect(iters(first.entries)).toEqual([7, 6, 5]);
    const second = queryVerdicts(workspace, { limit: 3, before: first.nextBefore ?? undefined });
    expect(iters(second.entries)).toEqual([4, 3, 2]);
    const third = queryVerdicts(workspace, { limit: 3, before: second.nextBefore ?? undefined });
    expect(iters(third.entries)).toEqual([1]);
    expect(third.nextBefore).toBeNull();
  });

  it('filters by verdict and module, skipping raw lines', () => {
    appendVerdict(workspace, verdict(1, 'ACCEPT', 'parser'));
    appendVerdict(workspace, verdict(2, 'REVERT', 'lexer'));
    writeFileSync(workspace.paths.verdicts, 'garbage\n', { flag: 'a' });
    appendVerdict(workspace, verdict(3, 'REVERT', 'parser'));
    appendVerdict(workspace, verdict(4, 'REVISE', 'parser'));
    expect(iters(queryVerdicts(workspace, { limit: 10, verdict: 'REVERT' }).entries)).toEqual([3, 2]);
    expect(iters(queryVerdicts(workspace, { limit: 10, module: 'parser' }).entries)).toEqual([4, 3, 1]);
    expect(iters(queryVerdicts(workspace, { limit: 1, verdict: 'REVERT', module: 'lexer' }).entries)).toEqual(
      [2],
    );
  });

  it('a scan budget ends a sparse filtered page early, and the cursor continues the search without gaps', () => {
    appendVerdict(workspace, verdict(1, 'REVERT', 'lexer'));
    for (let iter = 2; iter <= 60; iter++) appendVerdict(workspace, verdict(iter, 'ACCEPT'));
    appendVerdict(workspace, verdict(61, 'REVERT', 'lexer'));
    const query = { limit: 5, module: 'lexer', maxScanBytes: 2000 };
    const first = queryVerdicts(workspace, query);
    expect(iters(first.entries)).toEqual([61]);
    expect(first.partial).toBe(true);
    const found: unknown[] = [...iters(first.entries)];
    let before = first.nextBefore;
    let pages = 1;
    while (before !== null) {
      const page = queryVerdicts(workspace, { ...query, before });
      found.push(...iters(page.entries));
      before = page.nextBefore;
      pages++;
    }
    expect(found).toEqual([61, 1]);
    expect(pages).toBeGreaterThan(2);
    // Without a budget, the same query reads on to the start of the file.
    const whole = queryVerdicts(workspace, { limit: 5, module: 'lexer' });
    expect(iters(whole.entries)).toEqual([61, 1]);
    expect(whole.partial).toBeUndefined();
  });

  it('names VERDICTS in the error when it cannot be read', () => {
    mkdirSync(workspace.paths.verdicts, { recursive: true });
    expect(() => readLastVerdicts(workspace, 1)).toThrow(`cannot read ${workspace.paths.verdicts}`);
  });
});
