import { terminalLine } from '../../base/terminal-text.js';
import type { VerdictEntry } from '../../core/runtime/verdicts.js';
import type { OperatorEvent } from '../../core/status/events-feed.js';
import type { Colors } from '../../render/colors.js';
import { renderSetAsideLine, renderSpendLine } from '../../render/guards.js';
import { renderServiceLine } from '../../render/service.js';
import {
  parityBar,
  renderBuildLine,
  renderGpuLine,
  renderHeartbeatLine,
  renderLoopLine,
  renderParityLine,
  renderPauseLine,
  renderProxyLine,
  renderRulesLine,
  type StatusScreen,
} from '../../render/status.js';
import { renderTranscriptLine } from '../../render/transcript.js';
import { COMPACT_VERDICTS_BELOW, renderVerdictLine } from '../../render/verdicts.js';

/** One panel of the console: a title bar, then its lines (pre-rendered, cut at the edge by the view). */
export interface Panel {
  readonly title: string;
  readonly lines: readonly string[];
}

const SPARK = '▁▂▃▄▅▆▇█';

/** GREEN over time as a sparkline: one character a verdict (oldest first), scaled between min and max. */
export function sparkline(values: readonly number[], width: number): string {
  const shown = values.slice(-width);
  if (shown.length === 0) return '';
  const low = Math.min(...shown);
  const high = Math.max(...shown);
  return shown
    .map((value) => SPARK[high === low ? SPARK.length - 1 : Math.round(((value - low) / (high - low)) * 7)])
    .join('');
}

/** GREEN after each verdict, oldest first (from VERDICTS' `green_after`). */
export function greenSeries(recent: readonly VerdictEntry[]): number[] {
  const series: number[] = [];
  for (const entry of recent) {
    if (entry.kind === 'verdict' && typeof entry.verdict.green_after === 'number')
      series.push(entry.verdict.green_after);
  }
  return series;
}

const row = (label: string, value: string) => `${label.padEnd(11)}${value}`;
const optional = (label: string, value: string | null) => (value === null ? [] : [row(label, value)]);

/** The status panel: the loop, the pause, parity with its trend, and a bar per module, the worst first. */
export function statusPanel(
  model: StatusScreen,
  recent: readonly VerdictEntry[],
  colors: Colors,
  size: { readonly width: number; readonly height: number },
): Panel {
  const series = greenSeries(recent);
  const trend =
    series.length === 0
      ? colors.dim('no verdicts yet')
      : `${colors.green(sparkline(series, Math.max(8, size.width - 30)))} ${series[0]}→${series[series.length - 1]} over ${series.length} verdicts`;
  const probes = `gpu ${model.gpu === null ? colors.dim('probing…') : renderGpuLine(model.gpu, colors)}  proxy ${model.proxy === null ? colors.dim('probing…') : renderProxyLine({ proxy: model.proxy }, colors)}`;
  const lines = [
    row('loop', renderLoopLine(model, colors)),
    row('pause', renderPauseLine(model, colors)),
    row('parity', renderParityLine(model, colors)),
    row('green', trend),
    row('heartbeat', renderHeartbeatLine(model, colors)),
    ...optional('build', renderBuildLine(model, colors)),
    ...optional('set aside', renderSetAsideLine(model.guards, colors)),
    ...optional('spend', renderSpendLine(model.guards, colors, new Date(model.at))),
    ...(model.service === undefined
      ? []
      : [
          row(
            'service',
            renderServiceLine(model.service, colors, new Date(model.at), {
              compact: size.width < COMPACT_VERDICTS_BELOW,
            }),
          ),
        ]),
    // Rules take a row only when something waits for a decision.
    ...(model.rules.kind === 'ok' && model.rules.pending === 0
      ? []
      : [row('rules', renderRulesLine(model, colors))]),
    probes,
  ];
  if (model.parity.kind === 'ok') {
    // Worst first: the lowest share of GREEN cells, then the most RED.
    const modules = [...model.parity.modules].sort(
      (a, b) => a.green / Math.max(1, a.total) - b.green / Math.max(1, b.total) || b.red - a.red,
    );
    const room = Math.max(0, size.height - lines.length);
    const nameWidth = Math.min(24, Math.max(6, ...modules.map((module) => module.name.length)));
    for (const module of modules.slice(0, room)) {
      const bar = parityBar(
        module.green,
        module.total,
        Math.max(10, Math.min(30, size.width - nameWidth - 20)),
      );
      const paint = module.red === 0 ? colors.green : module.green === 0 ? colors.red : colors.yellow;
      lines.push(
        `  ${terminalLine(module.name, 200).padEnd(nameWidth).slice(0, nameWidth)} ${paint(bar)} ${module.green}/${module.total}${module.flipped ? colors.cyan(' flipped') : ''}`,
      );
    }
  }
  // The workspace root names the loop (a fleet list opens many of them).
  return { title: `status · ${terminalLine(model.root, 500)}`, lines };
}

/** The agent panel: the active transcript's last tool calls and texts, as watch-agent renders them. */
export function agentPanel(
  path: string | null,
  raw: readonly string[],
  colors: Colors,
  size: { readonly width: number; readonly height: number },
): Panel {
  if (path === null)
    return { title: 'agent · t full transcript', lines: [colors.dim('no agent session (no ACTIVE)')] };
  const rendered: string[] = [];
  // From the end: only as many lines as the panel shows are rendered.
  for (let index = raw.length - 1; index >= 0 && rendered.length < size.height; index--) {
    const lines = renderTranscriptLine(raw[index] ?? '', { colors, width: size.width });
    rendered.unshift(...lines);
  }
  const shown = rendered.slice(-size.height);
  return {
    title: `agent · ${path.split('/').pop() ?? path} · t full transcript`,
    lines: shown.length === 0 ? [colors.dim('waiting for the agent’s first line…')] : shown,
  };
}

/**
 * The whole transcript view. `cache` (kept by the caller across redraws) holds each raw line's rendering
 * for this width and colours, so a batch the agent appends renders only its own lines, not all 5,000.
 */
export function transcriptLines(
  path: string | null,
  raw: readonly string[],
  colors: Colors,
  width: number,
  cache?: TranscriptCache,
): string[] {
  if (path === null) return [colors.dim('no agent session (no ACTIVE)')];
  const fresh = cache !== undefined && cache.width === width && cache.colors === colors;
  const before = fresh ? cache.lines : new Map<string, readonly string[]>();
  const after = new Map<string, readonly string[]>();
  const lines = [colors.dim(path)];
  for (const line of raw) {
    const rendered = before.get(line) ?? after.get(line) ?? renderTranscriptLine(line, { colors, width });
    after.set(line, rendered);
    lines.push(...rendered);
  }
  if (cache !== undefined) Object.assign(cache, { width, colors, lines: after });
  return lines;
}

/** What transcriptLines rendered last time: only the lines still shown are kept. */
export interface TranscriptCache {
  width: number;
  colors: Colors | null;
  lines: Map<string, readonly string[]>;
}

export function verdictsPanel(
  recent: readonly VerdictEntry[],
  colors: Colors,
  now: Date,
  width: number,
  height: number,
): Panel {
  const options = { compact: width < COMPACT_VERDICTS_BELOW };
  const lines = [...recent]
    .reverse()
    .slice(0, height)
    .map((entry) => renderVerdictLine(entry, colors, now, options));
  return {
    title: 'recent verdicts · v all',
    lines: lines.length === 0 ? [colors.dim('no verdicts yet')] : lines,
  };
}

export function eventLine(event: OperatorEvent, colors: Colors): string {
  const time = terminalLine(event.at.slice(11, 19), 8);
  const by = event.by === '' ? '' : ` ${colors.cyan(terminalLine(event.by, 60))}`;
  const reason = event.reason === null ? '' : `: ${terminalLine(event.reason, 300)}`;
  return `${colors.dim(time)} ${colors.bold(terminalLine(event.type, 60))}${by}${reason}`;
}

export function eventsPanel(events: readonly OperatorEvent[], colors: Colors, height: number): Panel {
  const lines = events.slice(0, height).map((event) => eventLine(event, colors));
  return { title: 'events · e history', lines: lines.length === 0 ? [colors.dim('no events yet')] : lines };
}
