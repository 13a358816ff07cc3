// Long because it is the whole key table, one entry a binding: having every key in one place is its point.
import type { Key } from 'ink';

// The one table of the TUI's keys: app.tsx matches key presses with it, the footers and the help overlay
// are drawn from it, and test/tui/keys.test.tsx checks `autoswe tui --help` (written out in the registry,
// so no command's start loads this file), README.md, docs/COMMANDS.md ("TUI keys") and docs/TUI.md
// against it. Prompts (a pause reason, "y confirms") answer a question and say their keys themselves.

/** The workspace TUI's views, and `fleet`: the list of `tui --fleet`. */
export type View = 'status' | 'verdicts' | 'journey' | 'rules' | 'fleet';

/** Where a key can act: a view, or the help overlay drawn over one. */
export type KeyScope = View | 'help';

export type KeyAction =
  | 'refresh'
  | 'softPause'
  | 'hardPause'
  | 'resume'
  | 'attach'
  | 'showVerdicts'
  | 'showJourney'
  | 'showRules'
  | 'showHelp'
  | 'quit'
  | 'back'
  | 'older'
  | 'newer'
  | 'lineUp'
  | 'lineDown'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'selectUp'
  | 'selectDown'
  | 'approve'
  | 'reject'
  | 'apply'
  | 'openLoop'
  | 'closeHelp';

type NamedKey = keyof Pick<
  Key,
  | 'upArrow'
  | 'downArrow'
  | 'leftArrow'
  | 'rightArrow'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'escape'
  | 'return'
>;

/** A key as Ink reports it: a typed character, or one of its named keys. */
export type KeyPress = { readonly input: string } | { readonly named: NamedKey };

/** The help overlay's sections, in order; `actions` is listed a key a line, the others a section a line. */
export type KeySection = 'actions' | 'journey' | 'scroll' | 'rules' | 'fleet' | 'help';

export interface KeyBinding {
  /** The key as written everywhere (`↑↓`, `PgUp/PgDn`). */
  readonly label: string;
  /** What each key does; one binding may hold a pair (↑ and ↓). */
  readonly keys: readonly { readonly press: KeyPress; readonly action: KeyAction }[];
  /** Where the keys act. No key acts twice in one scope (tested), so matching never depends on the order. */
  readonly where: readonly KeyScope[];
  /** The views whose footer shows it; footers list their keys in the order of the table. */
  readonly footer: readonly View[];
  readonly section: KeySection;
  /** The view it opens, whose own section's keys its summary names. */
  readonly opens?: View;
  /** The footer's word (on the status screen all ten must fit 80 columns). */
  readonly short: string;
  /** A few words for `autoswe tui --help` and README.md. */
  readonly name: string;
  /** For the help overlay and docs/TUI.md; `code` is shown bare on the terminal. */
  readonly does: string;
}

const EVERY_VIEW: readonly View[] = ['status', 'verdicts', 'journey', 'rules'];
const LISTS: readonly View[] = ['verdicts', 'journey', 'rules'];
const char = (input: string): KeyPress => ({ input });
const named = (key: NamedKey): KeyPress => ({ named: key });

export const KEY_BINDINGS: readonly KeyBinding[] = [
  {
    label: 's',
    keys: [{ press: char('s'), action: 'refresh' }],
    where: EVERY_VIEW,
    footer: ['status'],
    section: 'actions',
    short: 'sync',
    name: 'refresh',
    does: 'refresh: re-read the files and probe GPU, proxy and service now',
  },
  {
    label: 'p',
    keys: [{ press: char('p'), action: 'softPause' }],
    where: EVERY_VIEW,
    footer: ['status'],
    section: 'actions',
    short: 'pause',
    name: 'soft pause',
    does: 'soft pause: asks for a reason (optional); holds before the next vertex',
  },
  {
    label: 'P',
    keys: [{ press: char('P'), action: 'hardPause' }],
    where: EVERY_VIEW,
    footer: ['status'],
    section: 'actions',
    short: 'hard',
    name: 'hard pause',
    does: 'hard pause (asks to confirm): agent tool calls are denied at once',
  },
  {
    label: 'r',
    keys: [{ press: char('r'), action: 'resume' }],
    where: EVERY_VIEW,
    footer: ['status'],
    section: 'actions',
    short: 'resume',
    name: 'resume',
    does: 'resume: remove `PAUSE` and `PAUSE_HARD`; a WAITING loop retries now',
  },
  {
    label: 'a',
    keys: [{ press: char('a'), action: 'attach' }],
    where: ['status', 'verdicts', 'journey'],
    footer: ['status'],
    section: 'actions',
    short: 'tmux',
    name: 'attach (tmux)',
    does: 'attach: the tmux session `autoswe` (four panes); detach to come back',
  },
  {
    label: 'v',
    keys: [{ press: char('v'), action: 'showVerdicts' }],
    where: EVERY_VIEW,
    footer: ['status'],
    section: 'actions',
    opens: 'verdicts',
    short: 'verdicts',
    name: 'verdicts',
    does: 'verdicts, newest first (the last 500, read from the end of `VERDICTS`)',
  },
  {
    label: 'j',
    keys: [{ press: char('j'), action: 'showJourney' }],
    where: EVERY_VIEW,
    footer: ['status'],
    section: 'actions',
    opens: 'journey',
    short: 'journey',
    name: 'journey',
    does: 'journey: the latest `docs/journey/iter-N.md`, rendered',
  },
  {
    label: 'R',
    keys: [{ press: char('R'), action: 'showRules' }],
    where: EVERY_VIEW,
    footer: ['status'],
    section: 'actions',
    opens: 'rules',
    short: 'rules',
    name: 'rules review',
    does: 'rules review: approve or reject pending proposals, apply them',
  },
  {
    label: '?',
    keys: [{ press: char('?'), action: 'showHelp' }],
    where: EVERY_VIEW,
    footer: ['status'],
    section: 'actions',
    short: 'help',
    name: 'help',
    does: 'help: the keys, by view (this overlay)',
  },
  {
    label: 'q',
    keys: [{ press: char('q'), action: 'quit' }],
    where: ['status'],
    footer: ['status'],
    section: 'actions',
    short: 'quit',
    name: 'quit',
    does: 'quit (Ctrl-C too)',
  },
  {
    label: '←→',
    keys: [
      { press: named('leftArrow'), action: 'older' },
      { press: named('rightArrow'), action: 'newer' },
    ],
    where: ['journey'],
    footer: ['journey'],
    section: 'journey',
    short: 'older/newer',
    name: 'older/newer',
    does: 'the older and the newer journey entry',
  },
  {
    label: '↑↓',
    keys: [
      { press: named('upArrow'), action: 'lineUp' },
      { press: named('downArrow'), action: 'lineDown' },
    ],
    where: ['verdicts', 'journey'],
    footer: ['verdicts', 'journey'],
    section: 'scroll',
    short: 'scroll',
    name: 'scroll',
    does: 'scroll a line',
  },
  {
    label: 'PgUp/PgDn',
    keys: [
      { press: named('pageUp'), action: 'pageUp' },
      { press: named('pageDown'), action: 'pageDown' },
      { press: char(' '), action: 'pageDown' },
    ],
    where: LISTS,
    footer: ['verdicts', 'journey'],
    section: 'scroll',
    short: 'page',
    name: 'page',
    does: 'scroll a page (space: a page down)',
  },
  {
    label: 'Home/End',
    keys: [
      { press: named('home'), action: 'top' },
      { press: named('end'), action: 'bottom' },
    ],
    where: LISTS,
    footer: ['verdicts', 'journey'],
    section: 'scroll',
    short: 'ends',
    name: 'top/bottom',
    does: 'the top and the bottom',
  },
  {
    label: '↑↓',
    keys: [
      { press: named('upArrow'), action: 'selectUp' },
      { press: named('downArrow'), action: 'selectDown' },
    ],
    where: ['rules'],
    footer: ['rules'],
    section: 'rules',
    short: 'select',
    name: 'select',
    does: 'select a proposal',
  },
  {
    label: 'a',
    keys: [{ press: char('a'), action: 'approve' }],
    where: ['rules'],
    footer: ['rules'],
    section: 'rules',
    short: 'approve',
    name: 'approve',
    does: 'approve the selected proposal (asks `y`)',
  },
  {
    label: 'x',
    keys: [{ press: char('x'), action: 'reject' }],
    where: ['rules'],
    footer: ['rules'],
    section: 'rules',
    short: 'reject',
    name: 'reject',
    does: 'reject the selected proposal (asks `y`)',
  },
  {
    label: 'A',
    keys: [{ press: char('A'), action: 'apply' }],
    where: ['rules'],
    footer: ['rules'],
    section: 'rules',
    short: 'apply',
    name: 'apply to rules.yaml',
    does: 'apply: write approved (and additive) proposals into `rules.yaml` (asks `y`)',
  },
  {
    label: '↑↓',
    keys: [
      { press: named('upArrow'), action: 'selectUp' },
      { press: named('downArrow'), action: 'selectDown' },
    ],
    where: ['fleet'],
    footer: ['fleet'],
    section: 'fleet',
    short: 'select',
    name: 'select a loop',
    does: 'select a loop (the list stays sorted, most urgent first)',
  },
  {
    label: 'Enter',
    keys: [{ press: named('return'), action: 'openLoop' }],
    where: ['fleet'],
    footer: ['fleet'],
    section: 'fleet',
    short: 'open',
    name: "open a loop's TUI",
    does: "open the selected local loop's TUI (`q` there comes back); a remote one names its host",
  },
  {
    label: 's',
    keys: [{ press: char('s'), action: 'refresh' }],
    where: ['fleet'],
    footer: ['fleet'],
    section: 'fleet',
    short: 'sync',
    name: 'refresh',
    does: 'refresh: read every loop again now (local and remote)',
  },
  {
    label: 'q',
    keys: [{ press: char('q'), action: 'quit' }],
    where: ['fleet'],
    footer: ['fleet'],
    section: 'fleet',
    short: 'quit',
    name: 'quit',
    does: 'quit the fleet list (Ctrl-C too)',
  },
  {
    label: 'Esc/q',
    keys: [
      { press: named('escape'), action: 'back' },
      { press: char('q'), action: 'back' },
    ],
    where: LISTS,
    footer: LISTS,
    section: 'actions',
    short: 'back',
    name: 'back from a view',
    does: 'back to the status screen (from the other views)',
  },
  {
    label: '?/Esc/q',
    keys: [
      { press: char('?'), action: 'closeHelp' },
      { press: named('escape'), action: 'closeHelp' },
      { press: char('q'), action: 'closeHelp' },
      { press: named('return'), action: 'closeHelp' },
    ],
    where: ['help'],
    footer: [],
    section: 'help',
    short: 'close',
    name: 'close the help',
    does: 'close this help (Enter too)',
  },
];

/** The help overlay's section titles (the first is said by the overlay, which names its every-view keys). */
export const SECTION_TITLES: Record<Exclude<KeySection, 'actions' | 'help'>, string> = {
  scroll: 'verdicts, journey and rules review',
  journey: 'journey',
  rules: 'rules review (each asks y)',
  fleet: 'fleet list (tui --fleet)',
};

/** The action of a key press in `scope`, or undefined when the key does nothing there. */
export function keyAction(scope: KeyScope, input: string, key: Partial<Key>): KeyAction | undefined {
  for (const binding of KEY_BINDINGS) {
    if (!binding.where.includes(scope)) continue;
    for (const { press, action } of binding.keys) {
      if ('input' in press ? input === press.input : key[press.named] === true) return action;
    }
  }
  return undefined;
}

/** The footer line of a view: `key word` pairs when they fit, else the tighter `key:word`. */
export function footerText(view: View, width: number): string {
  const keys = KEY_BINDINGS.filter((binding) => binding.footer.includes(view));
  const long = keys.map((binding) => `${binding.label} ${binding.short}`).join('  ');
  if (long.length <= width) return long;
  return keys.map((binding) => `${binding.label}:${binding.short}`).join(' ');
}

/**
 * The keys in one sentence (`s refresh, p soft pause, …, R rules review (↑↓ select, a approve, …)`), for
 * `autoswe tui --help` and README.md; `code` marks up each key.
 */
export function keySummary(code: (label: string) => string = (label) => label): string {
  const named = (binding: KeyBinding) => `${code(binding.label)} ${binding.name}`;
  return KEY_BINDINGS.filter((binding) => binding.section === 'actions')
    .map((binding) => {
      const inside = KEY_BINDINGS.filter((other) => other.section === binding.opens);
      return inside.length === 0 ? named(binding) : `${named(binding)} (${inside.map(named).join(', ')})`;
    })
    .join(', ');
}

/** Where a binding acts, in words: "everywhere", or the views by name. */
export function whereText(binding: KeyBinding): string {
  if (EVERY_VIEW.every((view) => binding.where.includes(view))) return 'everywhere';
  return binding.where.map((scope) => SCOPE_NAMES[scope]).join(', ');
}

const SCOPE_NAMES: Record<KeyScope, string> = {
  status: 'status',
  verdicts: 'verdicts',
  journey: 'journey',
  rules: 'rules review',
  fleet: 'fleet list',
  help: 'help overlay',
};

/** docs/TUI.md's key table, aligned as a Markdown formatter would leave it. */
export function keysMarkdownTable(): string {
  const rows = [
    ['key', 'where', 'does'],
    ...KEY_BINDINGS.map((binding) => [`\`${binding.label}\``, whereText(binding), binding.does]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - [...cell].length)).join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...body.map(line)].join(
    '\n',
  );
}
