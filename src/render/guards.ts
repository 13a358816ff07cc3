import { formatCount, formatUsd } from '../core/guards/money.js';
import type { CostReport, CostRow } from '../core/report/cost.js';
import type { Trend, WindowFigures } from '../core/report/trend.js';
import type { GuardsView } from '../core/status/guards.js';
import type { Colors } from './colors.js';
import { formatDuration } from './time.js';

/** `1.2M`, `34k`, `512`: token counts at a glance. */
export function shortCount(count: number): string {
  if (count >= 1_000_000) return `${(count / 1_000_000).toFixed(1)}M`;
  if (count >= 10_000) return `${Math.round(count / 1000)}k`;
  return String(Math.round(count));
}

function against(spent: string, limit: string | null): string {
  return limit === null ? spent : `${spent} / ${limit}`;
}

/** `2026-12-02 18:40 UTC`. */
function utcMinute(at: string): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
}

function rate(cellsPerHour: number): string {
  return `${cellsPerHour.toFixed(cellsPerHour >= 10 ? 0 : 1)} cells/h`;
}

/** The set-aside modules of this epoch, or null when there are none (and breaker.json reads fine). */
export function renderSetAsideLine(guards: GuardsView | undefined, colors: Colors): string | null {
  if (guards === undefined) return null;
  if (guards.breakerError !== undefined) return colors.red(guards.breakerError);
  if (guards.setAside.length === 0) return null;
  const shown = guards.setAside.map((entry) => `${entry.module} (iter ${entry.iter}: ${entry.reason})`);
  return `${colors.yellow(shown.join(', '))}  ${colors.dim("'autoswe unskip MODULE' puts one back")}`;
}

/**
 * The one line of spend and ETA: `today $1.23 / $5.00, 1.2M tok · run $0.40 / $2.00 (12 sessions) · ETA
 * 2026-12-02 18:40 UTC (3.1 cells/h, 6 h)`; null before any session or verdict.
 */
export function renderSpendLine(guards: GuardsView | undefined, colors: Colors, now: Date): string | null {
  if (guards === undefined) return null;
  if (guards.spendError !== undefined) return colors.red(guards.spendError);
  const spend = guards.spend;
  if (spend === null) return guards.pending === undefined ? null : colors.dim(guards.pending);
  const limits = spend.limits;
  const parts: string[] = [];
  const perDay = limits?.max_cost_usd_per_day ?? null;
  const tokens = limits?.max_tokens_per_day ?? null;
  parts.push(
    `today ${against(formatUsd(spend.today.usd), perDay === null ? null : formatUsd(perDay))}, ${against(`${shortCount(spend.today.tokens)} tok`, tokens === null ? null : shortCount(tokens))}`,
  );
  if (spend.run !== null) {
    const perRun = limits?.max_cost_usd ?? null;
    parts.push(
      `run ${against(formatUsd(spend.run.usd), perRun === null ? null : formatUsd(perRun))} (${spend.run.sessions} session${spend.run.sessions === 1 ? '' : 's'})`,
    );
  }
  parts.push(guards.pending === undefined ? renderEta(guards, now) : colors.dim(guards.pending));
  return parts.join(' · ');
}

function renderEta(guards: GuardsView, now: Date): string {
  const eta = guards.eta;
  if (eta === null) return 'ETA -';
  if (eta.red === 0) return 'ETA done (no RED cell)';
  if (eta.at === null || eta.cellsPerHour === null) {
    return eta.cellsPerHour === null
      ? 'ETA - (no trend yet)'
      : `ETA - (${rate(eta.cellsPerHour)}, ${eta.red} RED)`;
  }
  const left = Math.max(0, Date.parse(eta.at) - now.getTime());
  return `ETA ${utcMinute(eta.at)} (in ${formatDuration(left)}; ${eta.red} RED at ${rate(eta.cellsPerHour)}, ${eta.basis === '6h' ? '6 h' : '24 h'})`;
}

const COST_HEADER = ['', 'sessions', 'in', 'out', 'cache read', 'cache write', 'USD', 'GREEN +', 'USD/GREEN'];

function costCells(row: CostRow): string[] {
  return [
    row.key,
    String(row.sessions),
    formatCount(row.input_tokens),
    formatCount(row.output_tokens),
    formatCount(row.cache_read_tokens),
    formatCount(row.cache_creation_tokens),
    formatUsd(row.cost_usd),
    String(row.green_gained),
    row.usd_per_green === null ? '-' : formatUsd(row.usd_per_green),
  ];
}

/** `autoswe cost`: a table, one row per run, day or module, then the total. */
export function renderCostReport(report: CostReport, colors: Colors): string {
  const header = [report.by, ...COST_HEADER.slice(1)];
  const rows = report.rows.map(costCells);
  const total = costCells(report.total);
  const all = [header, ...rows, total];
  const widths = header.map((_, column) => Math.max(...all.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const out = [colors.bold(line(header)), ...rows.map(line)];
  if (rows.length === 0) out.push(colors.dim('no agent session recorded yet (COSTS is empty)'));
  out.push(colors.bold(line(total)));
  return `${out.join('\n')}\n`;
}

function windowLine(figures: WindowFigures): string {
  const cells = figures.cells_per_hour === null ? '-' : rate(figures.cells_per_hour);
  const reverts =
    figures.revert_rate === null
      ? 'no verdicts'
      : `REVERT ${(figures.revert_rate * 100).toFixed(0)}% of ${figures.verdicts}`;
  return `${cells}, ${reverts}`;
}

/** A sparkline of GREEN over time: the last `width` points, each a block of its share of all cells. */
export function sparkline(values: readonly number[], max: number, width = 40): string {
  const blocks = '▁▂▃▄▅▆▇█';
  const shown = values.slice(-width);
  if (max <= 0) return '';
  return shown
    .map((value) => blocks[Math.min(blocks.length - 1, Math.floor((value / max) * (blocks.length - 1)))])
    .join('');
}

/** `autoswe trend`. */
export function renderTrend(trend: Trend, colors: Colors): string {
  const now = new Date(trend.at);
  const pct = trend.total === 0 ? 0 : Math.floor((trend.green / trend.total) * 100);
  const finish =
    trend.expected_finish === null
      ? trend.total === 0
        ? colors.dim('unknown: no cells yet (no parity.json, no verdict)')
        : trend.red === 0
          ? 'done: no RED cell'
          : colors.dim('unknown: no GREEN gained in the last 24 h')
      : `${utcMinute(trend.expected_finish.at)} (in ${formatDuration(Math.max(0, Date.parse(trend.expected_finish.at) - now.getTime()))}, at the ${trend.expected_finish.basis === '6h' ? '6 h' : '24 h'} rate)`;
  const spent = trend.cost.at(-1);
  const lines = [
    `${'GREEN'.padEnd(16)}${colors.green(`${trend.green}`)} / ${trend.total} (${pct}%), ${colors.red(`${trend.red} RED`)}`,
    `${'over time'.padEnd(16)}${
      trend.points.length === 0
        ? colors.dim('no verdicts yet')
        : `${sparkline(
            trend.points.map((point) => point.green),
            trend.total || 1,
          )}  ${trend.points[0]?.at.slice(0, 16) ?? ''} → ${trend.points.at(-1)?.at.slice(0, 16) ?? ''}`
    }`,
    `${'last 6 h'.padEnd(16)}${windowLine(trend.last_6h)}`,
    `${'last 24 h'.padEnd(16)}${windowLine(trend.last_24h)}`,
    `${'all verdicts'.padEnd(16)}${trend.verdicts}${trend.revert_rate === null ? '' : `, REVERT ${(trend.revert_rate * 100).toFixed(0)}%`}`,
    `${'spent'.padEnd(16)}${spent === undefined ? colors.dim('nothing recorded') : `${formatUsd(spent.usd)}, ${shortCount(spent.tokens)} tokens`}`,
    `${'expected finish'.padEnd(16)}${finish}`,
    colors.dim(`how: ${trend.method}`),
  ];
  return `${lines.join('\n')}\n`;
}
