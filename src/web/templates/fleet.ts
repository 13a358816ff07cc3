import type { FleetModel } from '../../core/fleet/model.js';
import type { FleetRow } from '../../core/fleet/row.js';
import { pauseText, spendText, stateText, tone } from '../../render/fleet.js';
import { formatDuration } from '../../render/time.js';
import { html, type SafeHtml } from '../html.js';
import { liveRegion, timeAgo } from './layout.js';

/** Where a row's name links: a local loop's own pages (served on demand), or the remote host's serve. */
export function loopLink(row: FleetRow): string | null {
  if (row.source === 'remote') return row.url;
  return row.reach === 'ok' ? `/open/${encodeURIComponent(row.name)}` : null;
}

function rowHtml(row: FleetRow): SafeHtml {
  const link = loopLink(row);
  const name =
    link === null
      ? html`${row.name}`
      : // A remote host's page: no referrer, and no opener, so it learns nothing of this page.
        html`<a href="${link}"${row.source === 'remote' ? html` rel="noreferrer noopener"` : ''}>${row.name}</a>`;
  const head = html`<th scope="row">${name}</th><td>${row.host}</td><td><strong>${stateText(row)}</strong></td>`;
  const attention = html` data-name="${row.name}" data-host="${row.host}" data-rank="${row.attention.rank}" class="tone-${tone(row)}"`;
  if (row.reach !== 'ok') {
    return html`<tr${attention}>${head}<td colspan="6" class="bad">${row.problem ?? ''}</td></tr>`;
  }
  const verdict =
    row.lastVerdict === null
      ? html`-`
      : html`<span class="verdict verdict-${row.lastVerdict.verdict.toLowerCase()}">${row.lastVerdict.verdict}</span> ${timeAgo(row.lastVerdict.at, `${formatDuration(row.lastVerdict.ageMs)} ago`)}`;
  const heartbeat =
    row.heartbeat === null
      ? html`-`
      : html`${timeAgo(row.heartbeat.at, `${formatDuration(row.heartbeat.ageMs)} ago`)}${row.heartbeat.stale && row.state === 'RUNNING' ? html` <span class="bad">stale</span>` : ''}`;
  return html`<tr${attention}>${head}<td>${pauseText(row)}</td><td class="bar">${parityCell(row.parity)}</td><td>${verdict}</td><td>${heartbeat}</td><td class="num">${spendText(row)}</td><td>${row.eta ?? '-'}</td></tr>`;
}

/** `7/10` and a meter (no inline style: the CSP forbids it; the terminal's █░ bar is for monospace). */
function parityCell(parity: FleetRow['parity']): SafeHtml {
  if (parity === null) return html`-`;
  return html`${parity.green}/${parity.total} <meter min="0" max="${parity.total}" value="${parity.green}" title="${parity.green} of ${parity.total} cells GREEN">${parity.green}/${parity.total}</meter>`;
}

/** The fleet table, most urgent first; app.js re-fetches it on change and every few seconds. */
export function fleetBody(model: FleetModel): SafeHtml {
  const rows =
    model.rows.length === 0
      ? html`<p class="dim">no loops: no workspace is registered ('autoswe install-units' in one) and ${model.hostsFile} lists no host</p>`
      : html`<table class="fleet">
<thead><tr><th>name</th><th>host</th><th>state</th><th>pause</th><th>parity</th><th>last verdict</th><th>heartbeat</th><th>spend today</th><th>ETA</th></tr></thead>
<tbody>${model.rows.map(rowHtml)}</tbody>
</table>`;
  const local = model.rows.filter((row) => row.source === 'local').length;
  const content = html`<h2>Fleet <span class="dim small">(${model.rows.length} loops: ${local} local, ${model.rows.length - local} remote)</span></h2>
${rows}
<p class="dim small">as of ${timeAgo(model.at, '0s ago')}; most urgent first: wedged, waiting, paused, failed, stale heartbeat, unreachable</p>`;
  return liveRegion('fleet', ['status'], content);
}

/** The fleet page: its own frame (no workspace navigation), the same assets as every page. */
export function renderFleetPage(body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fleet · autoswe</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header>
<strong class="brand">autoswe fleet</strong>
<span id="live" class="live" data-state="connecting" role="status">connecting…</span>
</header>
<main>
${body}
</main>
</body>
</html>
`.value;
}
