import type { OptionSpec } from './options.js';
import { optionLabel } from './parse.js';
import { type CommandGroup, type CommandSpec, GROUP_TITLES } from './spec.js';

const GROUP_ORDER: readonly CommandGroup[] = ['operator', 'lifecycle', 'loop', 'setup'];

export function renderProgramHelp(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  const lines = [
    'autoswe: operator console for an autonomous coding-agent loop',
    '',
    'Usage: autoswe [--root DIR] [COMMAND] [OPTIONS]',
    '       autoswe [--json]   (no command) opens the interactive TUI; prints status when not on a terminal',
    '',
  ];
  for (const group of GROUP_ORDER) {
    const inGroup = commands.filter((command) => command.group === group);
    if (inGroup.length === 0) continue;
    lines.push(`${GROUP_TITLES[group]}:`);
    for (const command of inGroup) lines.push(`  ${command.name.padEnd(width)}${command.summary}`);
    lines.push('');
  }
  lines.push(
    'Global options:',
    '  --root DIR     workspace root (default: AUTOSWE_REPO_ROOT, else the nearest autoswe.yaml above)',
    '  -h, --help     help for autoswe or a command',
    '  -V, --version  the version',
    '',
    "Exit codes: 0 done; 1 failed or a check did not pass; 2 bad usage or bad input. 'autoswe COMMAND --help' for more.",
    '',
  );
  return lines.join('\n');
}

export function renderCommandHelp(command: CommandSpec): string {
  const options: readonly OptionSpec[] = [
    ...(command.options ?? []),
    { name: 'root', type: 'string', arg: 'DIR', help: 'workspace root' },
    { name: 'help', short: 'h', type: 'boolean', help: 'show this help' },
  ];
  const labels = options.map(
    (option) => `${optionLabel(option)}${option.type === 'boolean' ? '' : ` ${option.arg ?? 'VALUE'}`}`,
  );
  const width = Math.max(...labels.map((label) => label.length)) + 2;
  const lines = [
    `Usage: autoswe ${command.name}${command.usage ? ` ${command.usage}` : ''}`,
    '',
    command.summary,
  ];
  if (command.description) lines.push('', command.description);
  lines.push('', 'Options:');
  options.forEach((option, index) => {
    const fallback = option.defaultValue === undefined ? '' : ` (default: ${option.defaultValue})`;
    lines.push(`  ${(labels[index] ?? '').padEnd(width)}${option.help}${fallback}`);
  });
  lines.push('');
  return lines.join('\n');
}
