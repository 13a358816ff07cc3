import { describe, expect, it } from 'vitest';
import { buildPrompt, EXCERPT_CHARS, type PromptInput } from '../../src/loop/prompt.js';

const base: PromptInput = {
  module: 'calc',
  iter: 4,
  workdir: '/ws/target',
  newCommand: ['node', 'target/main.mjs', '{module}', '{case}'],
  red: [
    {
      id: 'div',
      caseFile: '/ws/cases/calc/div.txt',
      expected: '7 / 2 = 3\n',
      actual: '7 / 2 = error: unsupported operator /\n',
      detail: 'line 1: expected "7 / 2 = 3" got "7 / 2 = error…"',
    },
  ],
  redNotShown: 2,
  green: 3,
  rules: [{ id: 'r-exact', text: 'Match the legacy output\nbyte for byte.' }],
  protectedGlobs: ['target/tests/**'],
  root: '/ws',
  runtimeDir: '/ws/.autoswe',
};

describe('buildPrompt', () => {
  it('tells the agent its cwd, how to run one case from there, and that protected files are read-only', () => {
    const prompt = buildPrompt(base);
    expect(prompt).toContain(
      'Your working directory is /ws/target; case commands run from /ws, so run one case (and compare its output with the expected output below) with:\n    cd /ws && node target/main.mjs calc /ws/cases/calc/div.txt\n',
    );
    expect(prompt).toContain('## Protected paths (read-only: read them and run the cases as you like');
    const there = buildPrompt({ ...base, newCwd: '/ws/target', newCommand: ['./run', '{case}'] });
    expect(there).toContain('case commands run from there too');
    expect(there).toContain('\n    ./run /ws/cases/calc/div.txt\n');
    const quoted = buildPrompt({
      ...base,
      red: [{ ...base.red[0], caseFile: "/ws/cases/it's.txt" } as (typeof base.red)[0]],
    });
    expect(quoted).toContain(`cd /ws && node target/main.mjs calc '/ws/cases/it'\\''s.txt'`);
  });

  it('gives the module, each RED cell with expected vs actual, the rules and the protected paths', () => {
    const prompt = buildPrompt(base);
    expect(prompt).toContain("module 'calc'");
    expect(prompt).toContain('### div');
    expect(prompt).toContain('case file: /ws/cases/calc/div.txt');
    expect(prompt).toMatch(/expected \(legacy output\):\n```\n7 \/ 2 = 3\n```/);
    expect(prompt).toMatch(/actual \(new program now\):\n```\n7 \/ 2 = error: unsupported operator \/\n```/);
    expect(prompt).toContain("RED cases of 'calc' (3)");
    expect(prompt).toContain('…and 2 more RED case(s) not shown.');
    expect(prompt).toContain('- [r-exact] Match the legacy output byte for byte.');
    expect(prompt).toContain('- target/tests/** (relative to /ws)');
    expect(prompt).toContain('- /ws/.autoswe');
  });

  it('cuts long outputs and never lets output close the fence early', () => {
    const long = 'x'.repeat(EXCERPT_CHARS + 500);
    const prompt = buildPrompt({
      ...base,
      red: [{ id: 'big', caseFile: null, expected: long, actual: 'a\n```\nb', detail: null }],
    });
    expect(prompt).toContain('… (500 more characters)');
    expect(prompt).toContain('~~~~\na\n```\nb\n~~~~');
  });

  it('says so when there are no rules or no baseline', () => {
    const prompt = buildPrompt({
      ...base,
      rules: [],
      red: [{ id: 'new', caseFile: null, expected: null, actual: null, detail: null }],
    });
    expect(prompt).toContain('(no rules yet)');
    expect(prompt).toContain('no baseline recorded');
  });
});
