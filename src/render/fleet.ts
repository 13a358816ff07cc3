import { terminalLine } from '../base/terminal-text.js';
import type { FleetModel } from '../core/fleet/model.js';
import { type FleetRow, RANKS } from '../core/fleet/row.js';
import type { Colors } from './colors.js';
import { formatDuration } from './time.js';

const BAR_CELLS = 10;

/** `12/40 ███░░░░░░░`: GREEN over total, with a bar. */
export function parityText(parity: FleetRow['parity']): string {
  if (parity === null) return '-';
  const filled = parity.total === 0 ? 0 : Math.round((parity.green / parity.total) * BAR_CELLS);
  return `${parity.green}/${parity.total} ${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)}`;
}

/** The state column: the loop's state, or how its host failed to answer. */
export function stateText(row: FleetRow): string {
  return row.reach === 'ok' ? (row.state ?? '-') : row.reach.toUpperCase();
}

export function pauseText(row: FleetRow): string {
  return row.pause === null || row.pause === 'running' ? '-' : row.pause;
}

export function verdictText(row: FleetRow): string {
  return row.lastVerdict === null
    ? '-'
    : `${row.lastVerdict.verdict} ${formatDuration(row.lastVerdict.ageMs)}`;
}

export function heartbeatText(row: FleetRow): string {
  if (row.heartbeat === null) return '-';
  return `${formatDuration(row.heartbeat.ageMs)}${row.heartbeat.stale && row.state === 'RUNNING' ? ' stale' : ''}`;
}

export function spendText(row: FleetRow): string {
  return row.spendTodayUsd === null ? '-' : `$${row.spendTodayUsd.toFixed(2)}`;
}

/** How urgent a row looks: red for wedged, failed and unreachable, yellow for waiting, paused and stale. */
export function tone(row: FleetRow): 'bad' | 'warn' | 'ok' | 'dim' {
  const rank = row.attention.rank;
  if (rank === RANKS.wedged || rank === RANKS.failed || rank === RANKS.unreachable) return 'bad';
  if (rank === RANKS.waiting || rank === RANKS.paused || rank === RANKS.stale) return 'warn';
  return rank === RANKS.running ? 'ok' : 'dim';
}

const HEADERS = ['NAME', 'HOST', 'STATE', 'PAUSE', 'PARITY', 'VERDICT', 'HEARTBEAT', 'SPEND', 'ETA'] as const;

/** The cells of one row; a row that could not be read says why after its state, in place of the rest. */
export function rowCells(row: FleetRow): string[] {
  const name = terminalLine(row.name, 24);
  const host = terminalLine(row.host, 24);
  if (row.reach !== 'ok') return [name, host, stateText(row), terminalLine(row.problem ?? '', 160)];
  return [
    name,
    host,
    terminalLine(stateText(row), 16),
    pauseText(row),
    parityText(row.parity),
    verdictText(row),
    heartbeatText(row),
    spendText(row),
    row.eta === null ? '-' : terminalLine(row.eta.slice(0, 16).replace('T', ' '), 16),
  ];
}

/** The summary line, the column header and one line per row (in the model's order), painted. */
export function fleetLines(
  model: FleetModel,
  colors: Colors,
): { summary: string; header: string; rows: string[] } {
  const cells = model.rows.map(rowCells);
  const widths = HEADERS.map((header, column) =>
    Math.max(
      header.length,
      // Name, host and state line up on every row; the rest only on rows that have them.
      ...cells
        .filter((row) => column < 3 || row.length === HEADERS.length)
        .map((row) => [...(row[column] ?? '')].length),
    ),
  );
  const pad = (text: string, column: number) =>
    text + ' '.repeat(Math.max(0, (widths[column] ?? 0) - [...text].length));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : pad(cell, column)))
      .join('  ')
      .trimEnd();
  const paint: Record<ReturnType<typeof tone>, (text: string) => string> = {
    bad: colors.red,
    warn: colors.yellow,
    ok: colors.green,
    dim: colors.dim,
  };
  const local = model.rows.filter((row) => row.source === 'local').length;
  const urgent = model.rows.filter((row) => row.attention.rank < RANKS.running).length;
  const count = `${model.rows.length} loop${model.rows.length === 1 ? '' : 's'} (${local} local, ${model.rows.length - local} remote)`;
  const attention = urgent > 0 ? `; ${paint.warn(`${urgent} need${urgent === 1 ? 's' : ''} attention`)}` : '';
  return {
    summary: `${colors.bold('fleet')} ${count}${attention}`,
    header: colors.dim(line(HEADERS)),
    rows: model.rows.map((row, index) => {
      const text = line(cells[index] ?? []);
      return row.attention.rank === RANKS.running ? text : paint[tone(row)](text);
    }),
  };
}

/** What to say when there is no loop at all. */
export function noLoops(model: FleetModel): string {
  return `no loops: no workspace is registered ('autoswe install-units' in one) and ${model.hostsFile} lists no host`;
}

/** `autoswe fleet`: a summary line, the header, then one line per loop, most urgent first. */
export function renderFleet(model: FleetModel, colors: Colors): string {
  if (model.rows.length === 0) return `${colors.dim(noLoops(model))}\n`;
  const { summary, header, rows } = fleetLines(model, colors);
  return `${[summary, header, ...rows].join('\n')}\n`;
}
