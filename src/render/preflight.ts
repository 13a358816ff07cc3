import type { CheckStatus, PreflightReport } from '../core/setup/preflight.js';
import type { Colors } from './colors.js';

/** The pass/fail table: one row a check, then a verdict line. */
export function renderPreflight(report: PreflightReport, colors: Colors): string {
  const width = Math.max(...report.checks.map((check) => check.name.length)) + 2;
  const label: Record<CheckStatus, string> = {
    pass: colors.green('PASS'),
    fail: colors.bold(colors.red('FAIL')),
    warn: colors.yellow('WARN'),
  };
  const rows = report.checks.map(
    (check) => `${label[check.status]}  ${check.name.padEnd(width)}${check.detail}`,
  );
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  rows.push(
    failed === 0
      ? colors.green('preflight passed: ready to run')
      : colors.red(`preflight failed: ${failed} check${failed === 1 ? '' : 's'} to fix`),
  );
  return `${rows.join('\n')}\n`;
}
