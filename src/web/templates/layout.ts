import { html, type SafeHtml } from '../html.js';
import type { Topic } from '../live.js';

export type NavKey = 'index' | 'parity' | 'verdicts' | 'rules' | 'journey' | 'transcript' | 'history';

export interface PageFrame {
  readonly title: string;
  readonly active: NavKey;
  readonly root: string;
  readonly readOnly: boolean;
  /** The page draws charts from /api/trend: load uPlot and trend.js. */
  readonly charts?: boolean;
}

const NAV: readonly { key: NavKey; href: string; label: string }[] = [
  { key: 'index', href: '/', label: 'Status & journey' },
  { key: 'parity', href: '/parity', label: 'Parity' },
  { key: 'verdicts', href: '/verdicts', label: 'Verdicts' },
  { key: 'rules', href: '/rules', label: 'Rules' },
  { key: 'transcript', href: '/transcript', label: 'Live transcript' },
  { key: 'history', href: '/history', label: 'History' },
];

/** A whole page: no inline script or style (the CSP forbids both); app.js keeps `data-live` regions fresh. */
export function renderPage(frame: PageFrame, body: SafeHtml): string {
  const nav = NAV.map(
    (item) =>
      html`<a href="${item.href}"${item.key === frame.active ? html` aria-current="page"` : ''}>${item.label}</a>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · autoswe</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
<link rel="stylesheet" href="/assets/hljs.css">
<script src="/assets/app.js" defer></script>
${
  frame.charts === true
    ? html`<link rel="stylesheet" href="/assets/uPlot.min.css">
<script src="/assets/uPlot.iife.min.js" defer></script>
<script src="/assets/trend.js" defer></script>`
    : ''
}
</head>
<body>
<header>
<strong class="brand">autoswe</strong>
${frame.root === '' ? '' : html`<span class="root" title="workspace root">${frame.root}</span>`}
<nav>${nav}</nav>
${frame.readOnly ? html`<span class="badge" title="rule decisions are refused">read-only</span>` : ''}
<span id="live" class="live" data-state="connecting" role="status">connecting…</span>
</header>
<main>
${body}
</main>
</body>
</html>
`.value;
}

/** A region app.js re-fetches and swaps in place when one of its topics changes. */
export function liveRegion(id: string, topics: readonly Topic[], content: SafeHtml): SafeHtml {
  return html`<section id="${id}" data-live="${topics.join(' ')}">${content}</section>`;
}

/** A timestamp whose age app.js keeps current (`3m 05s ago`); `label` is what the server saw. */
export function timeAgo(at: string, label: string): SafeHtml {
  return html`<time datetime="${at}" data-age>${label}</time>`;
}

/** Where trend.js draws GREEN over time and cost over time from /api/trend (docs/WEB.md). */
export function trendCharts(): SafeHtml {
  return html`<section id="trend" aria-label="trend">
<h2>Trend</h2>
<p id="trend-facts" class="facts">loading /api/trend…</p>
<div class="charts"><figure><figcaption>GREEN cells over time</figcaption><div id="chart-green" class="chart"></div></figure>
<figure><figcaption>Cost over time (USD, cumulative)</figcaption><div id="chart-cost" class="chart"></div></figure></div>
</section>`;
}

export function errorBody(status: number, message: string): SafeHtml {
  return html`<h1>${status === 404 ? 'Not found' : 'Cannot do that'}</h1><p class="error">${message}</p><p><a href="/">Back to the status page</a></p>`;
}
