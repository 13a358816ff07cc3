import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideToolCall } from '../../src/loop/hook.js';
import { kernelPath } from '../../src/loop/hook-paths.js';
import { type HookWorkspace, makeHookWorkspace } from '../helpers/hook-workspace.js';

let ws: HookWorkspace;
beforeAll(() => {
  ws = makeHookWorkspace();
});
afterAll(() => ws.cleanup());

const TOOLS = ['Write', 'Edit', 'MultiEdit', 'NotebookEdit'] as const;

/**
 * The Write/Edit path guard, table-driven (issue 15): the path as the tool names it (from the target;
 * $ROOT the workspace root, $OUT a folder outside it) and whether the write is allowed. Symlinks resolve
 * before `..`, as the kernel does; /proc and /dev/fd tricks, dangling symlinks and hard links that land
 * on or in a protected path are denied. See test/helpers/hook-workspace.ts for the links on disk.
 */
const ROWS: readonly (readonly ['allow' | 'deny', string])[] = [
  // Ordinary files of the agent.
  ['allow', 'calc.mjs'],
  ['allow', 'src/calc.mjs'],
  ['allow', 'src/new/deep/file.mjs'],
  ['allow', './src/calc.mjs'],
  ['allow', '$ROOT/target/src/calc.mjs'],
  ['allow', 'notes.md'],
  ['allow', 'tests-not/golden.txt'],
  ['allow', 'src/tests/golden.txt'],
  ['allow', 'my-rules.yaml'],
  ['allow', 'rules.yaml'],
  ['allow', 'autoswe.yaml.bak'],
  ['allow', '$ROOT/cases-old/x.txt'],
  ['allow', '$ROOT/.autoswe-notes/x'],
  ['allow', '$OUT/scratch.txt'],
  ['allow', 'outside/scratch.txt'],
  ['allow', 'out-dangling'],
  ['allow', 'own-a'],
  ['allow', 'own-b'],
  ['allow', '/tmp/autoswe-hook-scratch.txt'],
  ['allow', 'deep/../../target/src/x.mjs'],
  ['allow', 'src/up2/target/src/x.mjs'],
  ['allow', 'up/target/calc.mjs'],
  ['allow', '/dev/stdout'],
  // Protected by glob, as text.
  ['deny', '../rules.yaml'],
  ['deny', '../autoswe.yaml'],
  ['deny', '$ROOT/rules.yaml'],
  ['deny', '$ROOT/autoswe.yaml'],
  ['deny', '../cases/mul/m1.txt'],
  ['deny', '../cases/mul/new.txt'],
  ['deny', '../cases/new-module/x.txt'],
  ['deny', '$ROOT/cases/add/a1.txt'],
  ['deny', '../legacy/calc.mjs'],
  ['deny', '../legacy/new.mjs'],
  ['deny', 'tests/golden.txt'],
  ['deny', 'tests/new.txt'],
  ['deny', './tests/../tests/golden.txt'],
  ['deny', 'src/../tests/golden.txt'],
  ['deny', 'src/../../rules.yaml'],
  ['deny', '$ROOT/target/../rules.yaml'],
  ['deny', '$ROOT//cases///mul/m1.txt'],
  // The runtime dir and everything in it.
  ['deny', '../.autoswe/state.json'],
  ['deny', '../.autoswe/VERDICTS'],
  ['deny', '../.autoswe/RULES_QUEUE'],
  ['deny', '../.autoswe/hook-policy.json'],
  ['deny', '../.autoswe/PAUSE'],
  ['deny', '../.autoswe/baseline/mul/m1.out'],
  ['deny', '../.autoswe/new-file'],
  ['deny', '$ROOT/.autoswe/LOCK.json'],
  ['deny', 'rt/VERDICTS'],
  ['deny', 'rt/baseline/mul/m2.out'],
  // Symlinks: resolved before `..`, the way the kernel does.
  ['deny', 'link-rules'],
  ['deny', 'abs-rules'],
  ['deny', 'link-cases/mul/m1.txt'],
  ['deny', 'link-cases/mul/new.txt'],
  ['deny', 'link-cases/new.txt'],
  ['deny', 'chain/mul/m2.txt'],
  ['deny', 'deep/m1.txt'],
  ['deny', 'deep/../../rules.yaml'],
  ['deny', 'deep/../m3.txt'],
  ['deny', 'deep/../add/a1.txt'],
  ['deny', 'up/rules.yaml'],
  ['deny', 'up/cases/mul/m1.txt'],
  ['deny', 'up/target/tests/golden.txt'],
  ['deny', 'src/up2/rules.yaml'],
  ['deny', 'src/up2/.autoswe/state.json'],
  ['deny', 'src/up2/target/../legacy/calc.mjs'],
  // A dangling symlink to a protected file that does not exist yet.
  ['deny', 'dangling'],
  ['deny', '$ROOT/target/dangling'],
  // /proc and /dev/fd tricks.
  ['deny', '/proc/self/cwd/../rules.yaml'],
  ['deny', '/proc/self/cwd/tests/golden.txt'],
  ['deny', '/proc/thread-self/cwd/x'],
  ['deny', '/proc/1/root$ROOT/rules.yaml'],
  ['deny', '/proc/self/root$ROOT/cases/mul/m1.txt'],
  ['deny', '/proc/self/fd/7'],
  ['deny', '/dev/fd/7'],
  ['deny', '/dev/fd/../fd/9'],
  // Hard links to protected files.
  ['deny', 'hard-rules'],
  ['deny', 'hard-case'],
  // A symlink loop fails closed.
  ['deny', 'loop-a'],
  ['deny', 'loop-b/x'],
];

const expand = (path: string) => path.replaceAll('$ROOT', ws.root).replaceAll('$OUT', ws.outside);

describe('the Write/Edit path guard', () => {
  it('has at least 65 rows, both kinds', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(65);
  });

  it.each(
    ROWS.map(
      ([kind, path], index) => [index + 1, kind, path, TOOLS[index % TOOLS.length] ?? 'Write'] as const,
    ),
  )('row %i: %s  %s (%s)', (_row, kind, path, tool) => {
    const key = tool === 'NotebookEdit' ? 'notebook_path' : 'file_path';
    const decision = decideToolCall(
      { tool_name: tool, tool_input: { [key]: expand(path), content: 'x' }, cwd: ws.target },
      ws.policy,
      null,
    );
    if (kind === 'allow') expect(decision).toEqual({ decision: 'allow' });
    else expect(decision.decision).toBe('deny');
  });

  it('names the protected path and how it was reached', () => {
    const reason = (path: string) => {
      const decision = decideToolCall(
        { tool_name: 'Write', tool_input: { file_path: path }, cwd: ws.target },
        ws.policy,
        null,
      );
      return decision.decision === 'deny' ? decision.reason : '';
    };
    expect(reason('../rules.yaml')).toBe('rules.yaml is protected; the agent may not change it');
    expect(reason('deep/../m3.txt')).toBe(
      'cases/m3.txt is protected (through a symlink); the agent may not change it',
    );
    expect(reason('dangling')).toBe(
      'cases/new.txt is protected (through a symlink); the agent may not change it',
    );
    expect(reason('hard-rules')).toBe(
      'rules.yaml is protected (a hard link to it); the agent may not change it',
    );
    expect(reason('/proc/self/cwd/../rules.yaml')).toMatch(
      /^\/proc\/self\/rules\.yaml: no writes \(through \/proc or \/dev\/fd/,
    );
    expect(reason('loop-a')).toMatch(/a symlink loop/);
  });

  it('walks a path as the kernel does: a symlink first, then `..` from where it points', () => {
    expect(kernelPath(`${ws.target}/deep/../m3.txt`)).toEqual({
      kind: 'path',
      path: `${ws.root}/cases/m3.txt`,
    });
    expect(kernelPath(`${ws.target}/dangling`)).toEqual({ kind: 'path', path: `${ws.root}/cases/new.txt` });
    expect(kernelPath(`${ws.target}/nope/../x`)).toEqual({ kind: 'path', path: `${ws.target}/x` });
    expect(kernelPath('/dev/fd/3').kind).toBe('proc');
  });
});
