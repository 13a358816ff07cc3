import type { Hono } from 'hono';
import { buildTrend } from '../core/report/trend.js';
import { eventEntryJson, queryEvents } from '../core/runtime/events.js';
import { isAutoApplicable } from '../core/runtime/rules-queue.js';
import { queryVerdicts } from '../core/runtime/verdicts.js';
import type { StatusModel } from '../core/status/model.js';
import { decide, readNote } from './actions.js';
import type { WebOptions } from './context.js';
import { changeStream } from './events.js';
import { exposedJourneyEntry, journeyListPage } from './journey.js';
import { renderMarkdownHtml } from './markdown.js';
import { readParityGrid } from './parity.js';
import { HttpError, historyQuery, intParam, journeyId, journeyQuery, verdictQuery } from './query.js';
import { readRulesView } from './rules.js';

/** The JSON API behind every view: the same core models the pages render. */
export function registerApi(app: Hono, options: WebOptions, status: () => Promise<StatusModel>): void {
  const { workspace } = options;

  app.get('/api/status', async (c) => c.json(await status()));

  // GREEN over time, cost over time, rates and the expected finish (docs/COMMANDS.md, `trend`).
  app.get('/api/trend', (c) => c.json(buildTrend(workspace)));

  app.get('/api/journey', (c) => {
    const query = journeyQuery((name) => c.req.query(name));
    return c.json(journeyListPage(workspace, query.page, query.limit));
  });

  app.get('/api/journey/:n', (c) => {
    const iter = journeyId(c.req.param('n'));
    const entry = exposedJourneyEntry(workspace, iter)?.entry;
    if (entry === undefined) throw new HttpError(404, `no journey entry for iteration ${iter}`);
    return c.json({
      iter: entry.iter,
      title: entry.title,
      markdown: entry.markdown,
      html: renderMarkdownHtml(entry.markdown).value,
    });
  });

  app.get('/api/parity', (c) =>
    c.json(
      readParityGrid(
        workspace,
        intParam((name) => c.req.query(name), 'page', 1, 1_000_000, 1),
      ),
    ),
  );

  app.get('/api/verdicts', (c) => {
    const page = queryVerdicts(
      workspace,
      verdictQuery((name) => c.req.query(name)),
    );
    return c.json({ entries: page.entries, next_before: page.nextBefore, partial: page.partial === true });
  });

  app.get('/api/history', (c) => {
    const page = queryEvents(
      workspace,
      historyQuery((name) => c.req.query(name)),
    );
    return c.json({ entries: page.entries.map(eventEntryJson), next_before: page.nextBefore });
  });

  app.get('/api/rules', (c) => {
    const view = readRulesView(workspace);
    return c.json({
      pending: view.pending.map((record) => ({
        ...record.proposal,
        auto_applicable: isAutoApplicable(record.proposal),
      })),
      decided: view.decided.map((record) => ({
        ...record.proposal,
        decision: record.decision,
        applied: record.applied,
      })),
      malformed: view.malformed,
      read_only: options.readOnly,
    });
  });

  app.post('/api/rules/:id/:action{approve|reject}', async (c) => {
    const body = await readNote(c.req.header('content-type'), () => c.req.text());
    const decision = await decide(workspace, options.env, options.readOnly, {
      id: c.req.param('id'),
      decision: c.req.param('action') === 'approve' ? 'approved' : 'rejected',
      note: body,
    });
    return c.json(decision);
  });

  app.get('/api/events', (c) => changeStream(c, options.feed));
}
