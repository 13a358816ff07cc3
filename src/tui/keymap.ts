/** The TUI's keys (docs/COMMANDS.md "TUI keys", plus help), for the footer and the help overlay. */
export interface KeyHelp {
  readonly key: string;
  /** Footer label when the screen is narrow (80 columns). */
  readonly short: string;
  readonly long: string;
}

export const STATUS_KEYS: readonly KeyHelp[] = [
  { key: 's', short: 'sync', long: 'refresh status and probes now' },
  {
    key: 'p',
    short: 'pause',
    long: 'soft pause (asks for a reason, optional): holds before the next vertex',
  },
  { key: 'P', short: 'hard', long: 'hard pause (asks to confirm): agent tool calls are denied at once' },
  { key: 'r', short: 'resume', long: 'resume: remove PAUSE and PAUSE_HARD' },
  { key: 'a', short: 'tmux', long: 'attach: the tmux session "autoswe" (four panes); detach to come back' },
  { key: 'v', short: 'verdicts', long: 'verdicts, newest first' },
  { key: 'j', short: 'journey', long: 'journey entries (←/→ older and newer)' },
  { key: 'R', short: 'rules', long: 'rules review: approve or reject pending proposals' },
  { key: '?', short: 'help', long: 'this help' },
  { key: 'q', short: 'quit', long: 'quit (from a view: back)' },
];

export const SCROLL_KEYS: readonly KeyHelp[] = [
  { key: '↑↓', short: 'scroll', long: 'scroll a line' },
  { key: 'PgUp/PgDn', short: 'page', long: 'scroll a page (also space)' },
  { key: 'Home/End', short: 'ends', long: 'top and bottom' },
  { key: 'Esc/q', short: 'back', long: 'back to the status screen' },
];

export const JOURNEY_KEYS: readonly KeyHelp[] = [
  { key: '←→', short: 'older/newer', long: 'previous and next entry' },
];

export const RULES_KEYS: readonly KeyHelp[] = [
  { key: '↑↓', short: 'select', long: 'select a proposal' },
  { key: 'a', short: 'approve', long: 'approve the selected proposal (asks to confirm)' },
  { key: 'x', short: 'reject', long: 'reject the selected proposal (asks to confirm)' },
  { key: 'A', short: 'apply', long: 'apply: write approved (and additive) proposals into rules.yaml (asks)' },
  { key: 'Esc/q', short: 'back', long: 'back to the status screen' },
];

/** The footer line: long labels when they fit, else the short ones. */
export function footerText(keys: readonly KeyHelp[], width: number): string {
  const long = keys.map((item) => `${item.key} ${item.short}`).join('  ');
  if (long.length <= width) return long;
  return keys.map((item) => `${item.key}:${item.short}`).join(' ');
}
