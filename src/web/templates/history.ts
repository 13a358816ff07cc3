import { eventSummary } from '../../core/events/text.js';
import { EVENT_TYPES, type EventEntry, type EventPage } from '../../core/runtime/events.js';
import { formatAge } from '../../render/time.js';
import { html, type SafeHtml } from '../html.js';
import { HISTORY_PAGE_SIZE } from '../query.js';
import { liveRegion, timeAgo } from './layout.js';

export interface HistoryView {
  readonly limit: number;
  readonly before: number | undefined;
  readonly type: string | undefined;
}

/** A class for the type's colour, as `history` colours it in a terminal. */
function typeClass(entry: EventEntry & { kind: 'event' }): string {
  const { type, outcome } = entry.event;
  if (type === 'wedge' || type === 'service.failed' || (type === 'run.ended' && outcome === 'failed'))
    return 'bad';
  if (type === 'paused' || type === 'wait.started' || type === 'module.set-aside') return 'warn';
  if (type === 'run.ended') return 'ok';
  return '';
}

function row(entry: EventEntry, now: Date): SafeHtml {
  if (entry.kind === 'raw') {
    return html`<tr class="raw"><td colspan="4" class="dim">(unparsed) ${entry.text}</td></tr>`;
  }
  const event = entry.event;
  const ids = [event.run, event.module, event.rule, event.unit].filter((id) => typeof id === 'string');
  return html`<tr data-id="${event.id}">
<td class="when">${event.at.slice(0, 19).replace('T', ' ')} (${timeAgo(event.at, formatAge(event.at, now))})</td>
<td><span class="event-type ${typeClass(entry)}">${event.type}</span></td>
<td>${event.by}</td>
<td>${eventSummary(event)}${event.reason ? html`<br><span class="dim">${event.reason}</span>` : ''}${ids.length > 0 ? html` <span class="dim small">${ids.join(' · ')}</span>` : ''}</td>
</tr>`;
}

function link(view: HistoryView, before: number | undefined): string {
  const params = new URLSearchParams();
  if (view.type) params.set('type', view.type);
  if (view.limit !== HISTORY_PAGE_SIZE) params.set('limit', String(view.limit));
  if (before !== undefined) params.set('before', String(before));
  const search = params.toString();
  return `/history${search ? `?${search}` : ''}`;
}

function filterForm(view: HistoryView): SafeHtml {
  const groups = ['run', 'wait', 'rule', 'service'];
  const choices = ['', ...groups, ...EVENT_TYPES].map(
    (type) =>
      html`<option value="${type}"${(view.type ?? '') === type ? html` selected` : ''}>${type || 'any event'}</option>`,
  );
  return html`<form class="filters" method="get" action="/history">
<label>type <select name="type">${choices}</select></label>
<button type="submit">Filter</button>
${view.type ? html`<a href="/history">clear</a>` : ''}
</form>`;
}

/** The event history (EVENTS, docs/RUNTIME.md section 19): newest first, filterable, paged from the end. */
export function historyBody(page: EventPage, view: HistoryView, now: Date): SafeHtml {
  const rows = page.entries.map((entry) => row(entry, now));
  const table =
    rows.length === 0
      ? html`<p class="dim">no events${view.type ? ' of this type' : ' recorded yet'}</p>`
      : html`<table class="history"><thead><tr><th>when</th><th>event</th><th>by</th><th>what</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  const pager = html`<nav class="pager">
${view.before !== undefined ? html`<a href="${link(view, undefined)}">← newest</a>` : ''}
${page.nextBefore !== null ? html`<a rel="next" href="${link(view, page.nextBefore)}">older →</a>` : ''}
</nav>`;
  const content = html`${table}${pager}`;
  return html`<h1>History</h1>${filterForm(view)}${
    view.before === undefined
      ? liveRegion('history', ['history'], content)
      : html`<section>${content}</section>`
  }`;
}
