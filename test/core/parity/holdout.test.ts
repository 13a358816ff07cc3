import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/load.js';
import { holdoutPaths } from '../../../src/core/parity/holdout.js';

const cases = (names: string[]) => names.map((cell) => ({ cell, path: `/ws/cases/m/${cell}.txt` }));

describe('hold-out cells', () => {
  it('a glob picks the case files it matches, relative to the root', () => {
    const chosen = holdoutPaths('/ws', 'm', cases(['a', 'b', 'c']), { globs: ['cases/m/b.*'] });
    expect([...chosen]).toEqual(['/ws/cases/m/b.txt']);
  });

  it('a fraction picks that share, rounded, at least one and never all, the same every time', () => {
    const ten = cases(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    const first = holdoutPaths('/ws', 'm', ten, { fraction: 0.2 });
    expect(first.size).toBe(2);
    expect(holdoutPaths('/ws', 'm', [...ten].reverse(), { fraction: 0.2 })).toEqual(first);
    // Adding a case elsewhere keeps the chosen ones unless the new one ranks before them.
    const more = holdoutPaths('/ws', 'm', cases([...'abcdefghijk'.split('')]), { fraction: 0.2 });
    expect(more.size).toBe(2);
    expect(holdoutPaths('/ws', 'm', cases(['a', 'b']), { fraction: 0.01 }).size).toBe(1);
    expect(holdoutPaths('/ws', 'm', cases(['a', 'b']), { fraction: 0.99 }).size).toBe(1);
    expect(holdoutPaths('/ws', 'm', cases(['a']), { fraction: 0.5 }).size).toBe(0);
    expect(holdoutPaths('/ws', 'm', ten, null).size).toBe(0);
  });

  it('the config takes a fraction, a glob or globs, and refuses anything else with one line', async () => {
    const config = (holdout: string) =>
      parseConfig(
        `target: ./t\nlegacy: {command: [x]}\nnew: {command: [y]}\nmodules: {m: {cases: [a], holdout: ${holdout}}}\nagent: {sandbox: bwrap}\n`,
        '/ws/autoswe.yaml',
        '/ws',
      );
    expect((await config('0.25')).modules.m?.holdout).toEqual({ fraction: 0.25 });
    expect((await config('"cases/m/x*"')).modules.m?.holdout).toEqual({ globs: ['cases/m/x*'] });
    expect((await config('[a, b]')).modules.m?.holdout).toEqual({ globs: ['a', 'b'] });
    expect((await config('0.5')).agent.sandbox).toBe('bwrap');
    for (const bad of ['1', '0', '-0.5', '""', '[]', '{a: 1}']) {
      await expect(config(bad)).rejects.toThrow(
        /^\/ws\/autoswe\.yaml: modules\.m\.holdout: expected a fraction between 0 and 1 \(exclusive\), or a glob/,
      );
    }
  });
});
