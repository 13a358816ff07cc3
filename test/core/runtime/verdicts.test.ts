import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendForcedFlip,
  appendVerdict,
  type ForcedFlipRecord,
  parseVerdictLine,
  queryVerdicts,
  readLastVerdicts,
  type Verdict,
  type VerdictEntry,
} from '../../../src/core/runtime/verdicts.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { JUNK, truncations, without } from '../../helpers/bad-input.js';
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

let workspace: Workspace;
let cleanup = () => {};

describe('verdicts', () => {
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

describe('VERDICTS line decoding', () => {
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace({ runtimeDir: false }));
  });
  afterEach(() => cleanup());
  const full: Verdict = {
    ...verdict(12, 'ACCEPT'),
    green_before: 40,
    green_after: 43,
    total: 50,
    run: '20261124T000000Z-beef',
    by: 'built-in',
    flips: ['parser/a'],
    regressions: [],
    commit: '8162db1',
    transcript: null,
    duration_ms: 1200,
    interrupted: false,
    extra: { kept: true },
  };
  const entry = (text: string) => parseVerdictLine({ offset: 7, text });

  it('a line with every key the loop writes is a verdict, unknown keys kept', () => {
    expect(entry(JSON.stringify(full))).toEqual({ kind: 'verdict', offset: 7, verdict: full });
  });

  it.each([
    ['epoch', { epoch: '0' }],
    ['iter', { iter: -1 }],
    ['at', { at: 5 }],
    ['module', { module: null }],
    ['verdict', { verdict: 'MAYBE' }],
    ['reason', { reason: 3 }],
    ['green_before', { green_before: '40' }],
    ['green_after', { green_after: 1.5 }],
    ['total', { total: null }],
    ['run', { run: 1 }],
    ['by', { by: false }],
    ['flips', { flips: 'parser/a' }],
    ['regressions', { regressions: [1] }],
    ['commit', { commit: 7 }],
    ['transcript', { transcript: {} }],
    ['duration_ms', { duration_ms: '1s' }],
    ['interrupted', { interrupted: 'yes' }],
  ])('%s of the wrong type: the line is shown raw', (_key, patch) => {
    const text = JSON.stringify({ ...full, ...patch });
    expect(entry(text)).toEqual({ kind: 'raw', offset: 7, text });
  });

  it.each(['at', 'epoch', 'iter', 'module', 'verdict', 'reason'])(
    'without %s: the line is shown raw',
    (key) => {
      const text = JSON.stringify(without(full, key));
      expect(entry(text)).toEqual({ kind: 'raw', offset: 7, text });
    },
  );

  it('junk, truncated lines and forced-flip lines are shown raw, never fatal', () => {
    const flip: ForcedFlipRecord = {
      at: '2026-11-24T00:00:00.000Z',
      type: 'flip',
      module: 'parser',
      forced: true,
      red: 1,
      red_cells: ['parser/b'],
      by: 'ann',
      epoch: 0,
      iter: null,
    };
    for (const text of [...JUNK, ...truncations(JSON.stringify(full)), JSON.stringify(flip)]) {
      expect(entry(text)).toEqual({ kind: 'raw', offset: 7, text });
    }
  });

  it('its writers refuse a line readers would show raw, and append nothing', () => {
    expect(() => appendVerdict(workspace, { ...full, iter: -1 })).toThrow(
      'iter: expected an integer ≥ 0, got -1',
    );
    expect(() =>
      appendForcedFlip(workspace, {
        at: 't',
        type: 'flip',
        module: 'parser',
        forced: true,
        red: -3,
        red_cells: [],
        by: 'ann',
        epoch: null,
        iter: null,
      }),
    ).toThrow('red: expected an integer ≥ 0, got -3');
    expect(existsSync(workspace.paths.verdicts)).toBe(false);
  });
});
