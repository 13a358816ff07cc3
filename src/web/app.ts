import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AutosweError, errorMessage } from '../base/errors.js';
import { registerApi } from './api.js';
import type { WebOptions } from './context.js';
import { registerMetrics } from './metrics.js';
import { registerPages } from './pages.js';
import { HttpError } from './query.js';
import { loopbackHostCheck, requireToken, sameOriginPost, securityHeaders } from './security.js';
import { statusSource } from './status-cache.js';
import { errorBody, renderPage } from './templates/layout.js';
import { registerWork } from './work.js';

const MAX_BODY_BYTES = 16 * 1024;

/** The whole web surface as a fetch handler: security first, then the pages and the JSON API. */
export function createApp(options: WebOptions): Hono {
  const app = new Hono();
  app.use('*', securityHeaders);
  if (options.loopbackOnly) app.use('*', loopbackHostCheck);
  if (options.token !== undefined) app.use('*', requireToken(options.token));
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return sameOriginPost(c, next);
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HttpError(413, `the request body is over ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  const status = statusSource(options);
  registerApi(app, options, status);
  registerMetrics(app, options);
  registerWork(app, options);
  registerPages(app, options, status);
  // A GET on an action path: say it needs POST rather than "not found".
  app.get('/rules/:id/:action{approve|reject}', () => {
    throw new HttpError(405, 'approve and reject are POST only');
  });
  app.get('/api/rules/:id/:action{approve|reject}', () => {
    throw new HttpError(405, 'approve and reject are POST only');
  });
  app.notFound((c) => respondError(c, new HttpError(404, `nothing at ${c.req.path}`), options));
  app.onError((error, c) => respondError(c, error, options));
  return app;
}

/** The API answers `{"error": "<one line>"}`; pages answer an HTML page saying the same. */
function respondError(c: Context, error: unknown, options: WebOptions): Response {
  const known = error instanceof HttpError;
  // A core error is bad input or a refused operation (a corrupt file, a lock not taken), never a crash.
  const status = known ? error.status : error instanceof AutosweError ? 409 : 500;
  // Core errors are already one clear line (an unreadable file, a lock not taken); anything else is a bug.
  const message =
    known || error instanceof AutosweError
      ? errorMessage(error)
      : `internal error: ${errorMessage(error).split('\n')[0]}`;
  if (!known) options.log?.(`autoswe serve: ${c.req.method} ${c.req.path}: ${message}`);
  const headers = status === 405 ? { Allow: 'POST' } : undefined;
  if (c.req.path.startsWith('/api/') || !c.req.header('accept')?.includes('text/html')) {
    return c.json({ error: message }, status, headers);
  }
  const title = status === 404 ? 'Not found' : 'Error';
  // Who is not let in (no token, a foreign Host) learns nothing about this machine, not even the workspace path.
  const outsider = status === 401 || status === 421;
  const frame = {
    title,
    active: 'index' as const,
    root: outsider ? '' : options.workspace.root,
    readOnly: options.readOnly,
  };
  return c.html(renderPage(frame, errorBody(status, message)), status, headers);
}
