import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.js';
import { makeColors } from '../../src/render/colors.js';
import {
  footerText,
  KEY_BINDINGS,
  type KeyScope,
  keyAction,
  keySummary,
  keysMarkdownTable,
  type View,
} from '../../src/tui/keys.js';
import { HelpOverlay, helpLines } from '../../src/tui/views/help.js';
import { REPO_ROOT } from '../helpers/cli.js';

const plain = makeColors(false);
const VIEWS: readonly View[] = ['status', 'verdicts', 'journey', 'rules', 'transcript', 'events'];
const SCOPES: readonly KeyScope[] = [...VIEWS, 'fleet', 'help'];

describe('the key table', () => {
  it('binds no key twice in one view, so what a key does never depends on the order of the table', () => {
    for (const scope of SCOPES) {
      const presses = KEY_BINDINGS.filter((binding) => binding.where.includes(scope)).flatMap((binding) =>
        binding.keys.map((key) => JSON.stringify(key.press)),
      );
      expect(new Set(presses).size, scope).toBe(presses.length);
    }
  });

  it('answers what a key does where it is pressed', () => {
    expect(keyAction('status', 'a', {})).toBe('attach');
    expect(keyAction('rules', 'a', {})).toBe('approve');
    expect(keyAction('status', 'q', {})).toBe('quit');
    expect(keyAction('journey', 'q', {})).toBe('back');
    expect(keyAction('verdicts', '', { escape: true })).toBe('back');
    expect(keyAction('status', '', { escape: true })).toBeUndefined();
    expect(keyAction('verdicts', '', { downArrow: true })).toBe('lineDown');
    expect(keyAction('rules', '', { downArrow: true })).toBe('selectDown');
    expect(keyAction('status', '', { downArrow: true })).toBeUndefined();
    expect(keyAction('journey', '', { leftArrow: true })).toBe('older');
    expect(keyAction('verdicts', ' ', {})).toBe('pageDown');
    expect(keyAction('help', 'p', {})).toBeUndefined();
    expect(keyAction('help', '', { return: true })).toBe('closeHelp');
    expect(keyAction('fleet', '', { return: true })).toBe('openLoop');
    expect(keyAction('fleet', '', { downArrow: true })).toBe('selectDown');
    expect(keyAction('fleet', 'p', {})).toBeUndefined();
    expect(keyAction('status', '', { return: true })).toBeUndefined();
  });

  it('is the only place keys are matched: the TUI code compares no key itself (prompts aside)', () => {
    const tuiDir = join(REPO_ROOT, 'src', 'tui');
    const files = readdirSync(tuiDir, { recursive: true, encoding: 'utf8' }).filter((name) =>
      /\.tsx?$/.test(name),
    );
    const matching =
      /\binput\s*===|\bkey\.(upArrow|downArrow|leftArrow|rightArrow|pageUp|pageDown|home|end|escape|return)\b/;
    const offenders = files.filter(
      (name) =>
        name !== 'keys.ts' &&
        name !== join('views', 'prompt.tsx') &&
        matching.test(readFileSync(join(tuiDir, name), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

describe('written from the key table', () => {
  it("each view's footer names its keys and fits 80 columns; wide, the long form", () => {
    for (const view of VIEWS) {
      const footer = footerText(view, 80);
      expect(footer.length, view).toBeLessThanOrEqual(80);
      for (const binding of KEY_BINDINGS.filter((item) => item.footer.includes(view)))
        expect(footer, view).toContain(binding.label);
    }
    expect(footerText('status', 80)).toContain('s:sync');
    expect(footerText('status', 120)).toContain('s sync  p pause');
    expect(footerText('rules', 120)).toBe('↑↓ select  a approve  x reject  A apply  Esc/q back');
    expect(footerText('fleet', 80)).toBe('↑↓ select  Enter open  s sync  q quit');
  });

  it('the help overlay names every key, each line fits 80 columns, and all of it 24 rows', () => {
    const lines = helpLines(plain);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(lines.length).toBeLessThanOrEqual(24 - 3);
    const text = lines.join('\n');
    for (const binding of KEY_BINDINGS) expect(text).toContain(binding.label);
    expect(text).toContain('s  refresh: re-read the files');
    expect(text).toContain('A apply');
    expect(text).not.toContain('`');
    const { lastFrame } = render(<HelpOverlay colors={plain} height={24} />);
    expect(lastFrame()).toContain('this help');
  });

  it("`autoswe tui --help` says the table's keys", () => {
    const tui = COMMANDS.find((command) => command.name === 'tui');
    expect(tui?.description?.replaceAll('\n', ' ')).toContain(keySummary());
  });

  it("README.md's tui row says the table's keys", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const row = readme.split('\n').find((line) => line.startsWith('| `tui'));
    expect(row).toContain(`keys: ${keySummary((label) => `\`${label}\``)}`);
  });

  it("docs/COMMANDS.md's TUI keys say the table's keys", () => {
    const commands = readFileSync(join(REPO_ROOT, 'docs/COMMANDS.md'), 'utf8').replace(/\s+/g, ' ');
    expect(commands).toContain(`TUI keys: ${keySummary((label) => `\`${label}\``)};`);
  });

  it("docs/TUI.md's key table is the table", () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'TUI.md'), 'utf8');
    // On a mismatch, paste the expected table printed here into docs/TUI.md ("### Keys").
    expect(doc, `docs/TUI.md should hold:\n${keysMarkdownTable()}\n`).toContain(keysMarkdownTable());
  });
});
