import type { Hono } from 'hono';
import { AutosweError } from '../base/errors.js';
import { findIterationVerdict } from '../core/iterations/work.js';
import { queryEvents } from '../core/runtime/events.js';
import { queryVerdicts } from '../core/runtime/verdicts.js';
import type { StatusModel } from '../core/status/model.js';
import { decide, readNote } from './actions.js';
import type { WebOptions } from './context.js';
import { html, type SafeHtml } from './html.js';
import { exposedJourneyEntry, journeyListPage } from './journey.js';
import { parityModuleNames, readParityGrid } from './parity.js';
import {
  HttpError,
  historyQuery,
  intParam,
  type JourneyQuery,
  journeyId,
  journeyQuery,
  verdictQuery,
} from './query.js';
import { readRulesView } from './rules.js';
import { historyBody } from './templates/history.js';
import { journeyEntryBody, journeyList, journeyUnreadable } from './templates/journey.js';
import { liveRegion, type PageFrame, renderPage, trendCharts } from './templates/layout.js';
import { parityBody } from './templates/parity.js';
import { rulesBody } from './templates/rules.js';
import { statusTable } from './templates/status.js';
import { verdictsBody, workLinks } from './templates/verdicts.js';

/** The HTML pages: server-rendered from the core models; app.js swaps their live regions on change. */
export function registerPages(app: Hono, options: WebOptions, status: () => Promise<StatusModel>): void {
  const { workspace } = options;
  const frame = (title: string, active: PageFrame['active']): PageFrame => ({
    title,
    active,
    root: workspace.root,
    readOnly: options.readOnly,
  });

  app.get('/', async (c) => {
    const query = journeyQuery((name) => c.req.query(name));
    const model = await status();
    const body = html`${liveRegion('status', ['status'], statusTable(model))}${trendCharts()}${journeySection(workspace, query)}`;
    return c.html(renderPage({ ...frame('Status', 'index'), charts: true }, body));
  });

  app.get('/journey/:n', (c) => {
    const iter = journeyId(c.req.param('n'));
    const found = exposedJourneyEntry(workspace, iter);
    if (found === undefined) throw new HttpError(404, `no journey entry for iteration ${iter}`);
    // The entry's iteration's diff and transcript: through the newest verdict of that iteration.
    const verdict = findIterationVerdict(workspace, { iter });
    const links = verdict === undefined ? html`` : workLinks(verdict.run, verdict.iter);
    return c.html(renderPage(frame(found.entry.title, 'journey'), journeyEntryBody(found, links)));
  });

  app.get('/parity', (c) => {
    const page = intParam((name) => c.req.query(name), 'page', 1, 1_000_000, 1);
    return c.html(renderPage(frame('Parity', 'parity'), parityBody(readParityGrid(workspace, page))));
  });

  app.get('/verdicts', (c) => {
    const query = verdictQuery((name) => c.req.query(name));
    const page = queryVerdicts(workspace, query);
    const body = verdictsBody(page, query, parityModuleNames(workspace), new Date());
    return c.html(renderPage(frame('Verdicts', 'verdicts'), body));
  });

  app.get('/history', (c) => {
    const view = historyQuery((name) => c.req.query(name));
    const page = queryEvents(workspace, view);
    return c.html(renderPage(frame('History', 'history'), historyBody(page, view, new Date())));
  });

  app.get('/rules', (c) => {
    const view = readRulesView(workspace);
    const body = rulesBody(view.pending, view.decided, view.malformed, options.readOnly);
    return c.html(renderPage(frame('Rules', 'rules'), body));
  });

  // The approve / reject forms: after the decision, back to the list (303 so a reload does not resubmit).
  app.post('/rules/:id/:action{approve|reject}', async (c) => {
    await decide(workspace, options.env, options.readOnly, {
      id: c.req.param('id'),
      decision: c.req.param('action') === 'approve' ? 'approved' : 'rejected',
      note: await readNote(c.req.header('content-type'), () => c.req.text()),
    });
    return c.redirect('/rules', 303);
  });

  app.get('/assets/:name', (c) => {
    const asset = options.assets.get(c.req.param('name'));
    if (asset === undefined) throw new HttpError(404, `no asset '${c.req.param('name')}'`);
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' });
  });
}

/** The journey list; an unreadable docs/journey is said in its place and the status above still shows. */
function journeySection(workspace: WebOptions['workspace'], query: JourneyQuery): SafeHtml {
  try {
    return journeyList(journeyListPage(workspace, query.page, query.limit));
  } catch (error) {
    if (error instanceof AutosweError) return journeyUnreadable(error.message);
    throw error;
  }
}
