import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideToolCall, literalPrefix, namesPath, parsePreToolUseEvent } from '../../src/loop/hook.js';
import type { GuardPolicy } from '../../src/loop/hook-paths.js';

let root: string;
let policy: GuardPolicy;

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'autoswe-hook-')));
  mkdirSync(join(root, 'target', 'tests'), { recursive: true });
  mkdirSync(join(root, '.autoswe', 'baseline'), { recursive: true });
  writeFileSync(join(root, 'autoswe.yaml'), 'target: ./target\n');
  writeFileSync(join(root, 'target', 'tests', 'golden.txt'), 'x\n');
  policy = {
    root,
    runtime_dir: join(root, '.autoswe'),
    target: join(root, 'target'),
    protected_globs: ['autoswe.yaml', 'rules.yaml', 'target/tests/**'],
    protected_files: [join(root, 'autoswe.yaml'), join(root, 'target', 'tests', 'golden.txt')],
  };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const event = (tool_name: string, tool_input: Record<string, unknown>, cwd?: string) => ({
  tool_name,
  tool_input,
  cwd: cwd ?? join(root, 'target'),
});

describe('decideToolCall', () => {
  it('denies every tool call, reads included, while hard paused, naming the pause and stopping the agent', () => {
    const decision = decideToolCall(event('Read', { file_path: 'src/a.mjs' }), policy, 'ts ops: incident');
    expect(decision).toEqual({
      decision: 'deny',
      reason: expect.stringContaining('ts ops: incident'),
      stopAgent: true,
    });
    // Other denials only refuse the one call: the agent goes on with something else.
    const protectedWrite = decideToolCall(event('Write', { file_path: 'tests/x.txt' }), policy, null);
    expect(protectedWrite).toEqual({ decision: 'deny', reason: expect.any(String) });
  });

  it('allows a write to an ordinary file of the target', () => {
    expect(decideToolCall(event('Write', { file_path: 'src/calc.mjs' }), policy, null)).toEqual({
      decision: 'allow',
    });
  });

  it('denies Write, Edit and MultiEdit on a path matching a protected glob, relative or absolute', () => {
    for (const tool of ['Write', 'Edit', 'MultiEdit']) {
      const relative = decideToolCall(event(tool, { file_path: 'tests/new-file.txt' }), policy, null);
      expect(relative.decision).toBe('deny');
      const absolute = decideToolCall(event(tool, { file_path: join(root, 'autoswe.yaml') }), policy, null);
      expect(absolute).toEqual({
        decision: 'deny',
        reason: expect.stringContaining('autoswe.yaml is protected'),
      });
    }
  });

  it('denies writes into the runtime dir (baseline, state, parity)', () => {
    const decision = decideToolCall(
      event('Write', { file_path: '../.autoswe/baseline/calc/add.out' }),
      policy,
      null,
    );
    expect(decision.decision).toBe('deny');
  });

  it('denies a write through a symlink that points at a protected file', () => {
    symlinkSync(join(root, 'autoswe.yaml'), join(root, 'target', 'innocent.yaml'));
    expect(decideToolCall(event('Edit', { file_path: 'innocent.yaml' }), policy, null).decision).toBe('deny');
  });

  it('denies a Bash command writing a protected path, and allows reading one (the full table: hook-bash.test.ts)', () => {
    const naming = decideToolCall(event('Bash', { command: 'echo x > ../autoswe.yaml' }), policy, null);
    expect(naming).toEqual({
      decision: 'deny',
      reason:
        'the command would write autoswe.yaml (the redirection >), which is protected; protected files are read-only (reading and running them is fine)',
    });
    expect(decideToolCall(event('Bash', { command: 'rm -rf tests' }), policy, null).decision).toBe('deny');
    expect(decideToolCall(event('Bash', { command: 'cat ../.autoswe/state.json' }), policy, null)).toEqual({
      decision: 'allow',
    });
    expect(decideToolCall(event('Bash', { command: 'cat tests/golden.txt' }), policy, null)).toEqual({
      decision: 'allow',
    });
    expect(decideToolCall(event('Bash', { command: 'node main.mjs calc x.txt' }), policy, null)).toEqual({
      decision: 'allow',
    });
  });

  it('denies a write tool call without a file path (fails closed)', () => {
    expect(decideToolCall(event('Write', { content: 'x' }), policy, null).decision).toBe('deny');
  });
});

describe('parsePreToolUseEvent', () => {
  it('reads tool name, input and cwd from a Claude Code event', () => {
    const parsed = parsePreToolUseEvent(
      JSON.stringify({
        hook_event_name: 'PreToolUse',
        tool_name: 'Bash',
        tool_input: { command: 'ls' },
        cwd: '/w',
      }),
    );
    expect(parsed).toEqual({ tool_name: 'Bash', tool_input: { command: 'ls' }, cwd: '/w' });
  });

  it('throws on empty input, non-JSON, or an event without a tool name', () => {
    expect(() => parsePreToolUseEvent('')).toThrow(/empty/);
    expect(() => parsePreToolUseEvent('{nope')).toThrow();
    expect(() => parsePreToolUseEvent('{"tool_input":{}}')).toThrow(/tool_name/);
  });
});

describe('path naming helpers', () => {
  it('matches whole paths only', () => {
    expect(namesPath('cat autoswe.yaml', 'autoswe.yaml')).toBe(true);
    expect(namesPath('cat "./autoswe.yaml"', 'autoswe.yaml')).toBe(true);
    expect(namesPath('cat my-autoswe.yaml.bak', 'autoswe.yaml')).toBe(false);
  });

  it('takes the literal folder before the first glob character', () => {
    expect(literalPrefix('target/tests/**')).toBe('target/tests');
    expect(literalPrefix('*.lock')).toBe('');
    expect(literalPrefix('docs/spec.md')).toBe('docs/spec.md');
  });
});
