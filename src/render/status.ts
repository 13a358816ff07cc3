import type { HealthModel } from '../core/status/health.js';
import type { GpuStatus, StatusModel } from '../core/status/model.js';
import type { Colors } from './colors.js';
import { renderSetAsideLine, renderSpendLine } from './guards.js';
import { renderServiceLine } from './service.js';
import { formatDuration } from './time.js';
import { renderVerdictLine, type VerdictLineOptions } from './verdicts.js';

const LABEL_WIDTH = 11;

function row(label: string, value: string): string {
  return `${label.padEnd(LABEL_WIDTH)}${value}`;
}

function optionalRow(label: string, value: string | null): string[] {
  return value === null ? [] : [row(label, value)];
}

/** The pause line exactly as docs/RUNTIME.md section 6 words it. */
export function renderPauseLine(model: StatusScreen, colors: Colors): string {
  const pause = model.pause;
  if (pause.kind === 'hard') return colors.bold(colors.red('HARD PAUSED'));
  if (pause.kind === 'wedge') return colors.bold(colors.red(`WEDGE-PAUSED - ${pause.reason}`));
  if (pause.kind === 'soft') return colors.bold(colors.yellow(`SOFT PAUSED - ${pause.text}`));
  return colors.bold(colors.green('running'));
}

export function renderLoopLine(model: StatusScreen, colors: Colors): string {
  const loop = model.loop;
  if (loop.kind === 'uninitialized') return colors.dim('UNINITIALIZED (no state.json yet)');
  if (loop.kind === 'corrupt') return colors.bold(colors.red(`CORRUPT - state.json: ${loop.message}`));
  const state = loop.state;
  const parts = [
    colors.bold(state.status === 'WAITING' ? colors.yellow('WAITING') : (state.status ?? 'UNKNOWN')),
  ];
  if (state.reason && state.status !== 'RUNNING') parts.push(`(${state.reason})`);
  const retry = waitingHint(state, model.at);
  if (retry !== null) parts.push(colors.yellow(retry));
  parts.push(`epoch ${state.epoch ?? 0}`, `iter ${state.iter ?? 0}`);
  parts.push(`module ${state.module ?? '-'}`, `vertex ${state.vertex ?? '-'}`);
  if (state.autonomous) parts.push(colors.cyan('autonomous'));
  return parts.join('  ');
}

/** While WAITING: `retries in 1h 59m` (or `retrying now`), from `wait_until`; null otherwise. */
export function waitingHint(state: { status?: string; wait_until?: string }, at: string): string | null {
  if (state.status !== 'WAITING' || state.wait_until === undefined) return null;
  const left = Date.parse(state.wait_until) - Date.parse(at);
  if (!Number.isFinite(left)) return null;
  return left <= 0 ? 'retrying now' : `retries in ${formatDuration(left)}`;
}

/**
 * The last build and the last result of each check, from state.json (`build`, `checks`): `ok (iter 3)
 * checks: vet ok, test failed (note)`; null when the loop has never built or checked anything.
 */
export function renderBuildLine(model: StatusScreen, colors: Colors): string | null {
  if (model.loop.kind !== 'ok') return null;
  const { state } = model.loop;
  const build = state.build;
  const checks = Object.entries(state.checks ?? {});
  if (build === undefined && checks.length === 0) return null;
  const parts: string[] = [];
  if (build !== undefined) {
    const at = ` (iter ${build.iter})`;
    if (build.status === 'ok') parts.push(`${colors.green('ok')}${at}`);
    else parts.push(colors.red(`${build.status}${at}: ${build.first_error ?? 'no output'}`));
  }
  if (checks.length > 0) {
    const shown = checks.map(([name, check]) => {
      if (check.status === 'ok') return `${name} ${colors.green('ok')}`;
      const text = `${name} ${check.status}${check.on_fail === 'note' ? ' (note)' : ''}`;
      return check.on_fail === 'note' ? colors.yellow(text) : colors.red(text);
    });
    parts.push(`checks: ${shown.join(', ')}`);
  }
  return parts.join('  ');
}

export function parityBar(green: number, total: number, width = 20): string {
  if (total === 0) return `[${' '.repeat(width)}]`;
  const filled = Math.round((green / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export function renderParityLine(model: StatusScreen, colors: Colors): string {
  const parity = model.parity;
  if (parity.kind === 'missing') return colors.dim('no parity.json yet');
  if (parity.kind === 'corrupt') return colors.bold(colors.red(`CORRUPT - parity.json: ${parity.message}`));
  const pct = parity.total === 0 ? 0 : Math.floor((parity.green / parity.total) * 100);
  const flipped = parity.modules.filter((module) => module.flipped).length;
  return `${colors.green(`${parity.green} GREEN`)} / ${colors.red(`${parity.red} RED`)}  ${parityBar(parity.green, parity.total)} ${pct}%  (${parity.modules.length} modules, ${flipped} flipped)`;
}

export function renderHeartbeatLine(model: StatusScreen, colors: Colors): string {
  const heartbeat = model.heartbeat;
  if (heartbeat.kind === 'missing') return colors.dim('none yet');
  if (heartbeat.kind === 'corrupt') return colors.red(`CORRUPT - HEARTBEAT: ${heartbeat.message}`);
  const age =
    heartbeat.ageMs === null ? `at ${heartbeat.heartbeat.at}` : `${formatDuration(heartbeat.ageMs)} ago`;
  return `${age}  (vertex ${heartbeat.heartbeat.vertex ?? '-'}, pid ${heartbeat.heartbeat.pid ?? '-'})`;
}

export function renderRulesLine(model: StatusScreen, colors: Colors): string {
  const rules = model.rules;
  if (rules.kind === 'error') return colors.red(rules.message);
  if (rules.pending === 0) return 'none pending';
  return colors.yellow(
    `${rules.pending} pending (${rules.autoApplicable} auto-applicable, ${rules.needsApproval} need approval)`,
  );
}

export function renderGpuLine(gpu: GpuStatus, colors: Colors): string {
  if (gpu.kind === 'absent') return colors.dim('no GPU');
  if (gpu.kind === 'error') return colors.red(`error: ${gpu.message}`);
  return gpu.gpus
    .map((item) => {
      const mem =
        item.memoryUsedMiB !== null && item.memoryTotalMiB !== null
          ? `${item.memoryUsedMiB}/${item.memoryTotalMiB} MiB`
          : 'mem ?';
      const util = item.utilizationPct === null ? 'util ?' : `${item.utilizationPct}%`;
      const temp = item.temperatureC === null ? '' : ` ${item.temperatureC}°C`;
      return `${item.name} ${util} ${mem}${temp}`;
    })
    .join('; ');
}

export function renderProxyLine(model: Pick<StatusModel, 'proxy'>, colors: Colors): string {
  const { base, health } = model.proxy;
  if (health.kind === 'healthy') return `${base} ${colors.green('healthy')} (${health.latencyMs} ms)`;
  if (health.kind === 'unhealthy') return `${base} ${colors.red(`unhealthy: HTTP ${health.statusCode}`)}`;
  return `${base} ${colors.red(`unreachable (${health.error})`)}`;
}

/** The status model before its first probes answered (the TUI draws at once): gpu and proxy null. */
export type StatusScreen = Omit<StatusModel, 'gpu' | 'proxy'> & {
  readonly gpu: StatusModel['gpu'] | null;
  readonly proxy: StatusModel['proxy'] | null;
};

/** The status screen as text; gpu or proxy still null shows as probing. `verdict` options: the TUI's narrow form (verdict and service lines). */
export function renderStatus(model: StatusScreen, colors: Colors, verdict: VerdictLineOptions = {}): string {
  const now = new Date(model.at);
  const lines = [
    `${colors.bold('autoswe')}  ${model.root}`,
    ...(model.service === undefined
      ? []
      : [row('service', renderServiceLine(model.service, colors, now, verdict))]),
    row('loop', renderLoopLine(model, colors)),
    row('pause', renderPauseLine(model, colors)),
    row('parity', renderParityLine(model, colors)),
    ...optionalRow('build', renderBuildLine(model, colors)),
    row('heartbeat', renderHeartbeatLine(model, colors)),
    row(
      'verdict',
      model.verdictsError !== undefined
        ? colors.red(model.verdictsError)
        : model.lastVerdict
          ? renderVerdictLine(model.lastVerdict, colors, now, verdict)
          : colors.dim('none yet'),
    ),
    row('rules', renderRulesLine(model, colors)),
    ...optionalRow('set aside', renderSetAsideLine(model.guards, colors)),
    ...optionalRow('spend', renderSpendLine(model.guards, colors, now)),
    row('gpu', model.gpu === null ? colors.dim('probing…') : renderGpuLine(model.gpu, colors)),
    row(
      'proxy',
      model.proxy === null ? colors.dim('probing…') : renderProxyLine({ proxy: model.proxy }, colors),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** `health`: when it was probed, then the GPU and proxy lines as on the status screen. */
export function renderHealth(health: HealthModel, colors: Colors): string {
  const stamp = colors.dim(`health at ${health.at.slice(11, 19)} UTC`);
  return `${stamp}\n${'gpu'.padEnd(7)}${renderGpuLine(health.gpu, colors)}\n${'proxy'.padEnd(7)}${renderProxyLine(health, colors)}\n`;
}
