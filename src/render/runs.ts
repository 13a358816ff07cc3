import { type RunListing, type RunRecord, runConfigShown } from '../core/runtime/runs.js';
import type { Colors } from './colors.js';
import { formatDuration } from './time.js';

function outcomeText(record: RunRecord, live: boolean, colors: Colors): string {
  if (record.outcome === 'running')
    return live ? colors.green('running') : colors.red('dead (no end recorded)');
  if (record.outcome === 'done') return colors.green('done');
  if (record.outcome === 'failed') return colors.red('failed');
  return colors.yellow(record.outcome);
}

function runDuration(record: RunRecord, now: Date): string {
  const end = record.ended_at ? Date.parse(record.ended_at) : now.getTime();
  const start = Date.parse(record.started_at);
  return Number.isNaN(start) || Number.isNaN(end) ? '?' : formatDuration(Math.max(0, end - start));
}

/** One line a run, newest first. */
export function renderRunList(
  runs: readonly RunListing[],
  isLive: (record: RunRecord) => boolean,
  colors: Colors,
  now: Date,
  /** Older runs left out of the list. */
  older = 0,
): string {
  if (runs.length === 0 && older === 0)
    return "no runs yet ('autoswe run --config autoswe.yaml' starts one)\n";
  const lines = runs.map((entry) => {
    if (entry.kind === 'corrupt') return `${entry.id}  ${colors.red('unreadable')}  ${entry.message}`;
    const r = entry.record;
    const iterations = `${r.iterations} iter${r.iterations === 1 ? '' : 's'}`;
    return `${r.id}  ${outcomeText(r, isLive(r), colors)}  epoch ${r.epoch}  ${iterations}  ${runDuration(r, now)}  started ${r.started_at}`;
  });
  if (older > 0)
    lines.push(
      colors.dim(`… ${older} older run${older === 1 ? '' : 's'} ('autoswe runs list -n 0' lists all)`),
    );
  return `${lines.join('\n')}\n`;
}

export function renderRun(record: RunRecord, live: boolean, colors: Colors, now: Date): string {
  const lines = [
    `run        ${record.id}`,
    `outcome    ${outcomeText(record, live, colors)}${record.reason ? ` - ${record.reason}` : ''}`,
    `started    ${record.started_at}`,
    `ended      ${record.ended_at ?? '-'}`,
    `duration   ${runDuration(record, now)}`,
    `pid        ${record.pid}`,
    `epoch      ${record.epoch}`,
    `iterations ${record.iterations}`,
    `config     ${record.config_file}`,
  ];
  const config = runConfigShown(record);
  if (config !== null) {
    lines.push(`target     ${config.target}`);
    lines.push(`agent      ${config.agent.adapter} ${(config.agent.command ?? []).join(' ')}`);
    lines.push(`modules    ${Object.keys(config.modules).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
