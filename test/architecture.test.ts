import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types.
import { importCycles, importGraph, layerBreaches, longFiles } from '../scripts/check-imports.mjs';

type Graph = Map<string, string[]>;

describe('the import rule of docs/ARCHITECTURE.md', () => {
  const graph: Graph = importGraph();

  it('reads the whole source tree', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('cli.ts')).toContain('commands/registry.ts');
  });

  it('has no import that runs back up the layers or around them', () => {
    expect(layerBreaches(graph)).toEqual([]);
  });

  it('has no import cycle, type imports included', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('has no file over 300 lines without a reason at its top', () => {
    expect(longFiles(graph)).toEqual([]);
  });

  it('catches a breach, a cycle and a long file when there is one', () => {
    const bad: Graph = new Map([
      ['adapters/git.ts', ['core/runtime/state.ts']],
      ['core/runtime/state.ts', ['core/runtime/parity.ts']],
      ['core/runtime/parity.ts', ['core/runtime/state.ts']],
      ['tui/app.tsx', ['adapters/tmux.ts']],
      ['adapters/tmux.ts', []],
    ]);
    expect(layerBreaches(bad)).toEqual([
      'adapters/git.ts → core/runtime/state.ts: adapters may not import core',
      'tui/app.tsx → adapters/tmux.ts: commands and views reach outside programs only through core',
    ]);
    expect(importCycles(bad)).toEqual([['core/runtime/parity.ts', 'core/runtime/state.ts']]);
  });
});
