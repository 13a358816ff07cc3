import type { Colors } from '../../render/colors.js';
import { STATUS_KEYS } from '../keymap.js';
import { Lines } from './lines.js';

/** The `?` overlay's lines: every key, by where it works; each fits 80 columns, all fit 24 rows. */
export function helpLines(colors: Colors): string[] {
  return [
    colors.bold('status screen (s p P r work in every view)'),
    ...STATUS_KEYS.map((item) => `  ${colors.bold(item.key)}  ${item.long}`),
    colors.bold('verdicts and journey'),
    `  ${colors.bold('↑↓ PgUp PgDn Home End')} scroll   ${colors.bold('←→')} older/newer journey entry`,
    `  ${colors.bold('Esc')} or ${colors.bold('q')} back to the status screen`,
    colors.bold('rules review'),
    `  ${colors.bold('↑↓')} select  ${colors.bold('a')} approve  ${colors.bold('x')} reject  ${colors.bold('A')} apply to rules.yaml  (each asks y)`,
    '',
    colors.dim('?, Esc or q closes this help. The screen refreshes by itself on file changes.'),
  ];
}

export function HelpOverlay({ colors, height }: { readonly colors: Colors; readonly height: number }) {
  return <Lines lines={helpLines(colors)} height={height} />;
}
