import type { BaselineOutcome } from '../core/parity/baseline.js';
import type { LockCheck } from '../core/parity/lock-check.js';
import type { CellOutcome, VerifyOutcome } from '../core/parity/verify.js';
import type { Colors } from './colors.js';

const MAX_LISTED = 20;

/** verify-cells: counts before → after, then flips, regressions and the cells still RED with their diff. */
export function renderVerifyOutcome(outcome: VerifyOutcome, colors: Colors): string {
  const { before, after } = outcome;
  const lines = [
    `verified ${outcome.cells.length} cell${outcome.cells.length === 1 ? '' : 's'}: ` +
      `${colors.green(`GREEN ${before.green} → ${after.green}`)} of ${after.total}, ` +
      `${colors.red(`RED ${before.red} → ${after.red}`)}`,
  ];
  const stillRed = outcome.cells.filter((cell) => cell.status === 'RED' && cell.previous !== 'GREEN');
  lines.push(...section(colors.green('flipped RED→GREEN'), outcome.flips, false));
  lines.push(...section(colors.bold(colors.red('regressions GREEN→RED')), outcome.regressions, true));
  lines.push(...section(colors.red('RED'), stillRed, true));
  if (outcome.flips.length + outcome.regressions.length === 0) lines.push('no flips, no regressions');
  if (outcome.removed !== undefined && outcome.removed.length > 0) {
    lines.push(`dropped from parity.json (their cases are gone): ${outcome.removed.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function section(title: string, cells: readonly CellOutcome[], withDetail: boolean): string[] {
  if (cells.length === 0) return [];
  const shown = cells.slice(0, MAX_LISTED).map((cell) => {
    const name = `${cell.module}/${cell.cell}`;
    return withDetail && cell.detail ? `  ${name}: ${cell.detail}` : `  ${name}`;
  });
  if (cells.length > MAX_LISTED) shown.push(`  … and ${cells.length - MAX_LISTED} more (--json lists all)`);
  return [`${title} (${cells.length}):`, ...shown];
}

export function renderBaselineOutcome(outcome: BaselineOutcome): string {
  const modules = new Map<string, number>();
  for (const entry of outcome.captured) modules.set(entry.module, (modules.get(entry.module) ?? 0) + 1);
  const perModule = [...modules].map(([name, count]) => `${name} ${count}`).join(', ');
  const lines = [`captured ${outcome.captured.length} baseline outputs (${perModule})`];
  if (outcome.newCells.length > 0)
    lines.push(`added ${outcome.newCells.length} new cells to parity.json as RED`);
  lines.push(`LOCK.json updated: ${outcome.lockedFiles} protected files`);
  return `${lines.join('\n')}\n`;
}

export function renderLockCheck(check: LockCheck, colors: Colors): string {
  if (check.problem !== null) return `${colors.red('FAIL')} ${check.problem}\n`;
  if (check.ok)
    return `${colors.green('OK')} protected files match LOCK.json${check.lockedAt ? ` (locked ${check.lockedAt})` : ''}\n`;
  const lines = [`${colors.red('FAIL')} protected files differ from LOCK.json:`];
  for (const path of check.changed) lines.push(`  changed  ${path}`);
  for (const path of check.added) lines.push(`  added    ${path}`);
  for (const path of check.missing) lines.push(`  missing  ${path}`);
  lines.push("if the change is intended: 'autoswe lock-check --update'");
  return `${lines.join('\n')}\n`;
}
