import type { StatusModel } from '../../core/status/model.js';
import { makeColors } from '../../render/colors.js';
import { renderSetAsideLine, renderSpendLine } from '../../render/guards.js';
import { renderServiceLine, serviceProblem } from '../../render/service.js';
import { renderBuildLine, renderGpuLine, waitingHint } from '../../render/status.js';
import { formatAge, formatDuration } from '../../render/time.js';
import { html, type SafeHtml } from '../html.js';
import { timeAgo } from './layout.js';
import { verdictLine } from './verdicts.js';

function row(label: string, value: SafeHtml): SafeHtml {
  return html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
}

function loopCell(model: StatusModel): SafeHtml {
  const loop = model.loop;
  if (loop.kind === 'uninitialized') return html`<span class="dim">UNINITIALIZED (no state.json yet)</span>`;
  if (loop.kind === 'corrupt')
    return html`<strong class="bad">CORRUPT - state.json: ${loop.message}</strong>`;
  const state = loop.state;
  return html`<strong>${state.status ?? 'UNKNOWN'}</strong>
${state.reason && state.status !== 'RUNNING' ? html` (${state.reason})` : ''}
${waitingHint(state, model.at) === null ? '' : html` <span class="warn">${waitingHint(state, model.at) ?? ''}</span>`}
<span class="facts">epoch ${state.epoch ?? 0} · iter ${state.iter ?? 0} · module ${state.module ?? '-'} · vertex ${state.vertex ?? '-'}</span>
${state.autonomous ? html` <span class="badge">autonomous</span>` : ''}`;
}

/** The systemd --user service and timers, in the words of `autoswe status`. */
function serviceCell(model: StatusModel): SafeHtml {
  const service = model.service;
  if (service === undefined) return html`<span class="dim">not probed</span>`;
  const text = renderServiceLine(service, makeColors(false), new Date(model.at));
  if (service.kind === 'error' || (service.kind === 'ok' && serviceProblem(service) !== null)) {
    return html`<span class="bad">${text}</span>`;
  }
  if (service.kind === 'ok' && service.service.active === 'active')
    return html`<span class="ok">${text}</span>`;
  return html`<span class="dim">${text}</span>`;
}

/** The pause line in docs/RUNTIME.md section 6's words and order of precedence. */
function pauseCell(model: StatusModel): SafeHtml {
  const pause = model.pause;
  if (pause.kind === 'hard') return html`<strong class="bad">HARD PAUSED</strong>`;
  if (pause.kind === 'wedge') return html`<strong class="bad">WEDGE-PAUSED - ${pause.reason}</strong>`;
  if (pause.kind === 'soft') return html`<strong class="warn">SOFT PAUSED - ${pause.text}</strong>`;
  return html`<strong class="ok">running</strong>`;
}

function parityCell(model: StatusModel): SafeHtml {
  const parity = model.parity;
  if (parity.kind === 'missing') return html`<span class="dim">no parity.json yet</span>`;
  if (parity.kind === 'corrupt')
    return html`<strong class="bad">CORRUPT - parity.json: ${parity.message}</strong>`;
  const pct = parity.total === 0 ? 0 : Math.floor((parity.green / parity.total) * 100);
  const flipped = parity.modules.filter((module) => module.flipped).length;
  return html`<span class="ok">${parity.green} GREEN</span> / <span class="bad">${parity.red} RED</span>
<meter min="0" max="${parity.total}" value="${parity.green}">${pct}%</meter> ${pct}%
<span class="dim">(${parity.modules.length} modules, ${flipped} flipped)</span> <a href="/parity">grid</a>`;
}

/** The last build and each check's last result, in the words of `autoswe status`; only once there are any. */
function buildRow(model: StatusModel): SafeHtml | '' {
  const text = renderBuildLine(model, makeColors(false));
  if (text === null) return '';
  const failed = /\b(failed|timed-out)\b/.test(text);
  return row('build', failed ? html`<span class="warn">${text}</span>` : html`${text}`);
}

/** Modules the breaker set aside, and spend today / this run with the ETA, in the words of `autoswe status`. */
function guardRows(model: StatusModel): SafeHtml {
  const colors = makeColors(false);
  const aside = renderSetAsideLine(model.guards, colors);
  const spend = renderSpendLine(model.guards, colors, new Date(model.at));
  return html`${aside === null ? '' : row('set aside', html`<span class="warn">${aside}</span>`)}
${spend === null ? '' : row('spend', html`${spend}`)}`;
}

function heartbeatCell(model: StatusModel): SafeHtml {
  const heartbeat = model.heartbeat;
  if (heartbeat.kind === 'missing') return html`<span class="dim">none yet</span>`;
  if (heartbeat.kind === 'corrupt')
    return html`<span class="bad">CORRUPT - HEARTBEAT: ${heartbeat.message}</span>`;
  const beat = heartbeat.heartbeat;
  const age =
    heartbeat.ageMs === null
      ? html`at ${beat.at}`
      : timeAgo(beat.at, `${formatDuration(heartbeat.ageMs)} ago`);
  return html`${age} <span class="dim">(vertex ${beat.vertex ?? '-'}, pid ${beat.pid ?? '-'})</span>`;
}

function rulesCell(model: StatusModel): SafeHtml {
  const rules = model.rules;
  if (rules.kind === 'error') return html`<span class="bad">${rules.message}</span>`;
  if (rules.pending === 0) return html`none pending`;
  return html`<a class="warn" href="/rules">${rules.pending} pending</a> (${rules.autoApplicable} auto-applicable, ${rules.needsApproval} need approval)`;
}

function gpuCell(model: StatusModel): SafeHtml {
  const text = renderGpuLine(model.gpu, makeColors(false));
  if (model.gpu.kind === 'absent') return html`<span class="dim">${text}</span>`;
  if (model.gpu.kind === 'error') return html`<span class="bad">${text}</span>`;
  return html`${text}`;
}

function proxyCell(model: StatusModel): SafeHtml {
  const { base, health } = model.proxy;
  if (health.kind === 'healthy')
    return html`${base} <span class="ok">healthy</span> (${health.latencyMs} ms)`;
  if (health.kind === 'unhealthy')
    return html`${base} <span class="bad">unhealthy: HTTP ${health.statusCode}</span>`;
  return html`${base} <span class="bad">unreachable (${health.error})</span>`;
}

/** The status screen as an HTML table: the same model and wording as `autoswe status`. */
export function statusTable(model: StatusModel): SafeHtml {
  const now = new Date(model.at);
  const last = model.lastVerdict;
  return html`<h2>Status</h2>
<table class="status">
${row('service', serviceCell(model))}
${row('loop', loopCell(model))}
${row('pause', pauseCell(model))}
${row('parity', parityCell(model))}
${buildRow(model)}
${row('heartbeat', heartbeatCell(model))}
${row('verdict', last ? verdictLine(last, now) : html`<span class="dim">none yet</span>`)}
${row('rules', rulesCell(model))}
${guardRows(model)}
${row('gpu', gpuCell(model))}
${row('proxy', proxyCell(model))}
</table>
<p class="dim small">as of ${timeAgo(model.at, formatAge(model.at, now))}</p>`;
}
