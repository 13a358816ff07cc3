import {
  VERDICT_KINDS,
  type VerdictEntry,
  type VerdictPage,
  type VerdictQuery,
} from '../../core/runtime/verdicts.js';
import { formatAge } from '../../render/time.js';
import { html, type SafeHtml } from '../html.js';
import { VERDICT_SCAN_BYTES, VERDICTS_PAGE_SIZE } from '../query.js';
import { liveRegion, timeAgo } from './layout.js';

function when(at: unknown, now: Date): SafeHtml {
  if (typeof at !== 'string') return html``;
  return html`${at.slice(0, 19).replace('T', ' ')} (${timeAgo(at, formatAge(at, now))})`;
}

function delta(before: unknown, after: unknown): string {
  return typeof before === 'number' && typeof after === 'number' ? `${before}→${after}` : '';
}

/** One verdict inline (the status row): time, epoch/iter, module, coloured verdict, parity change, reason. */
export function verdictLine(entry: VerdictEntry, now: Date): SafeHtml {
  if (entry.kind === 'raw') return html`<span class="dim">(unparsed) ${entry.text}</span>`;
  const v = entry.verdict;
  return html`<span class="dim">${when(v.at, now)}</span> e${v.epoch ?? '?'}/i${v.iter ?? '?'} ${v.module}
<span class="verdict verdict-${v.verdict.toLowerCase()}">${v.verdict}</span> ${delta(v.green_before, v.green_after)} ${v.reason ?? ''}`;
}

function verdictRow(entry: VerdictEntry, now: Date): SafeHtml {
  if (entry.kind === 'raw') {
    return html`<tr class="raw" data-offset="${entry.offset}"><td colspan="6" class="dim">(unparsed) ${entry.text}</td></tr>`;
  }
  const v = entry.verdict;
  return html`<tr data-offset="${entry.offset}">
<td class="when">${when(v.at, now)}</td>
<td>e${v.epoch ?? '?'}/i${v.iter ?? '?'}</td>
<td><a href="/verdicts?module=${encodeURIComponent(v.module)}">${v.module}</a></td>
<td><span class="verdict verdict-${v.verdict.toLowerCase()}">${v.verdict}</span></td>
<td class="num">${delta(v.green_before, v.green_after)}</td>
<td>${v.reason ?? ''}${workLinks(v.run, v.iter)}</td>
</tr>`;
}

/** Links to the iteration's diff and transcript (docs/WEB.md), when the verdict names its run. */
export function workLinks(run: string | undefined, iter: number): SafeHtml {
  if (run === undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(run)) return html``;
  return html` <span class="work"><a class="work-link" href="/runs/${run}/iter/${iter}/diff">diff</a> <a class="work-link" href="/runs/${run}/iter/${iter}/transcript">transcript</a></span>`;
}

function pageLink(query: VerdictQuery, before: number | undefined): string {
  const params = new URLSearchParams();
  if (query.verdict) params.set('verdict', query.verdict);
  if (query.module) params.set('module', query.module);
  // A page size other than the default (`?limit=`) is kept while paging.
  if (query.limit !== VERDICTS_PAGE_SIZE) params.set('limit', String(query.limit));
  if (before !== undefined) params.set('before', String(before));
  const search = params.toString();
  return `/verdicts${search ? `?${search}` : ''}`;
}

function filterForm(query: VerdictQuery, modules: readonly string[]): SafeHtml {
  const options = ['', ...VERDICT_KINDS].map(
    (kind) =>
      html`<option value="${kind}"${query.verdict === kind || (!query.verdict && kind === '') ? html` selected` : ''}>${kind || 'any verdict'}</option>`,
  );
  return html`<form class="filters" method="get" action="/verdicts">
<label>verdict <select name="verdict">${options}</select></label>
<label>module <input name="module" value="${query.module ?? ''}" placeholder="any module" list="modules"></label>
<datalist id="modules">${modules.map((name) => html`<option value="${name}"></option>`)}</datalist>
<button type="submit">Filter</button>
${query.verdict || query.module ? html`<a href="/verdicts">clear</a>` : ''}
</form>`;
}

/** The verdict timeline: newest first, filterable, paged by byte-offset cursor (never the whole file). */
export function verdictsBody(
  page: VerdictPage,
  query: VerdictQuery,
  modules: readonly string[],
  now: Date,
): SafeHtml {
  const rows = page.entries.map((entry) => verdictRow(entry, now));
  const none = page.partial
    ? ' match this filter in the part searched'
    : query.verdict || query.module
      ? ' match this filter'
      : ' yet';
  const table =
    rows.length === 0
      ? html`<p class="dim">no verdicts${none}</p>`
      : html`<table class="verdicts"><thead><tr><th>when</th><th>iter</th><th>module</th><th>verdict</th><th>green</th><th>reason</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  const pager = html`<nav class="pager">
${query.before !== undefined ? html`<a href="${pageLink(query, undefined)}">← newest</a>` : ''}
${page.nextBefore !== null ? html`<a rel="next" href="${pageLink(query, page.nextBefore)}">older →</a>` : ''}
</nav>`;
  const partial = page.partial
    ? html`<p class="dim small">The page ends early: this filter matches little, and one page reads at most ${VERDICT_SCAN_BYTES / 1024 / 1024} MB of VERDICTS. "older →" searches further back.</p>`
    : '';
  // Only the first page is live: an older page is a fixed slice of history.
  const content = html`${table}${partial}${pager}`;
  return html`<h1>Verdicts</h1>${filterForm(query, modules)}${
    query.before === undefined
      ? liveRegion('verdicts', ['verdicts'], content)
      : html`<section>${content}</section>`
  }`;
}
