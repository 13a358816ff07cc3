import type { Colors } from '../../render/colors.js';
import { KEY_BINDINGS, type KeyBinding, type KeySection, SECTION_TITLES, whereText } from '../keys.js';
import { Lines } from './lines.js';

const bare = (text: string) => text.replaceAll('`', '');
const inSection = (section: KeySection) => KEY_BINDINGS.filter((binding) => binding.section === section);

/**
 * The `?` overlay's lines, from the key table: the status screen's keys one a line, every other view's
 * keys a view a line; each fits 80 columns, all fit 24 rows.
 */
export function helpLines(colors: Colors): string[] {
  const actions = inSection('actions');
  const everyView = actions
    .filter((binding) => whereText(binding) === 'everywhere')
    .map((binding) => binding.label);
  const compact = (bindings: readonly KeyBinding[]) =>
    `  ${bindings.map((binding) => `${colors.bold(binding.label)} ${binding.short}`).join('  ')}`;
  const lines = [
    colors.bold(`status screen (${everyView.join(' ')} work in every view)`),
    ...actions.map((binding) => `  ${colors.bold(binding.label)}  ${bare(binding.does)}`),
  ];
  // Each view's keys on one line under its title, so all of it still fits 24 rows.
  for (const section of ['scroll', 'journey', 'rules'] as const) {
    lines.push(`${colors.bold(SECTION_TITLES[section])}:${compact(inSection(section)).slice(1)}`);
  }
  // Another screen's keys (tui --fleet): one line, so all of it still fits 24 rows.
  lines.push(`${colors.bold(SECTION_TITLES.fleet)}:${compact(inSection('fleet')).slice(1)}`);
  const close = inSection('help').map((binding) => `${binding.label}: ${bare(binding.does)}.`);
  lines.push('', colors.dim(`${close.join(' ')} The screen follows file changes itself.`));
  return lines;
}

export function HelpOverlay({ colors, height }: { readonly colors: Colors; readonly height: number }) {
  return <Lines lines={helpLines(colors)} height={height} />;
}
