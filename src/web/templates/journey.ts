import { html, type SafeHtml } from '../html.js';
import type { ExposedEntry, JourneyListPage } from '../journey.js';
import { renderMarkdownHtml } from '../markdown.js';
import { JOURNEY_PAGE_SIZE } from '../query.js';
import { liveRegion } from './layout.js';

function pager(list: JourneyListPage): SafeHtml {
  if (list.pages <= 1) return html``;
  // A page size other than the default (`?limit=`) is kept while paging.
  const size = list.limit === JOURNEY_PAGE_SIZE ? '' : `&limit=${list.limit}`;
  const link = (page: number, label: string) => html`<a href="/?page=${page}${size}">${label}</a>`;
  return html`<nav class="pager">
${list.page > 1 ? link(list.page - 1, '← newer') : ''}
<span>page ${list.page} of ${list.pages}</span>
${list.page < list.pages ? link(list.page + 1, 'older →') : ''}
</nav>`;
}

/** The journey list, newest first: number and title, paginated. */
export function journeyList(list: JourneyListPage): SafeHtml {
  const content =
    list.total === 0
      ? html`<p class="dim">no journey entries yet (docs/journey/iter-N.md)</p>`
      : html`<ol class="journey" reversed>${list.entries.map(
          (entry) =>
            html`<li value="${entry.iter}"><span class="iter">#${entry.iter}</span> <a href="/journey/${entry.iter}">${entry.title}</a></li>`,
        )}</ol>${pager(list)}`;
  return liveRegion(
    'journey',
    ['journey'],
    html`<h2>Journey <span class="dim small">(${list.total} entries)</span></h2>${content}`,
  );
}

/** The journey list's place when docs/journey cannot be read (one line naming it). */
export function journeyUnreadable(message: string): SafeHtml {
  return liveRegion('journey', ['journey'], html`<h2>Journey</h2><p class="bad">${message}</p>`);
}

/** One journey entry: its Markdown rendered and sanitised (a script in an entry never runs). */
export function journeyEntryBody({ entry, ...neighbours }: ExposedEntry, links: SafeHtml = html``): SafeHtml {
  const nav = html`<nav class="crumbs"><a href="/">← all entries</a>
${neighbours.newer === undefined ? '' : html` · <a rel="prev" href="/journey/${neighbours.newer}">newer #${neighbours.newer}</a>`}
${neighbours.older === undefined ? '' : html` · <a rel="next" href="/journey/${neighbours.older}">older #${neighbours.older}</a>`}</nav>`;
  const article = html`<p class="dim small">iteration ${entry.iter}${links}</p><article class="markdown">${renderMarkdownHtml(entry.markdown)}</article>`;
  return liveRegion('entry', ['journey'], html`${nav}${article}`);
}
