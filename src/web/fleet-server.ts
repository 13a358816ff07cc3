import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { AutosweError, EXIT_USAGE, errorMessage } from '../base/errors.js';
import type { FleetHosts } from '../core/fleet/hosts.js';
import { buildFleet, type FleetModel } from '../core/fleet/model.js';
import { readRegistry, registryEntry } from '../core/runtime/registry.js';
import { workspaceAt } from '../core/runtime/workspace.js';
import { loadAssets } from './assets.js';
import { changeStream } from './events.js';
import { type ChangeListener, LiveFeed } from './live.js';
import { HttpError } from './query.js';
import { hostName, isLoopbackHost, loopbackHostCheck, requireToken, securityHeaders } from './security.js';
import { listen, type RunningServer, startWebServer } from './server.js';
import { fleetBody, renderFleetPage } from './templates/fleet.js';

export interface FleetServeOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly host: string;
  readonly port: number;
  readonly readOnly: boolean;
  readonly token?: string | undefined;
  /** fleet.yaml, read once at start: its tokens stay in this process, never in a page. */
  readonly hosts: FleetHosts;
  /** Each remote serve's deadline. */
  readonly timeoutMs: number;
  readonly log?: ((line: string) => void) | undefined;
}

/** How old a served fleet may be: requests share one build; a local change drops it at once. */
export const FLEET_MAX_AGE_MS = 2_000;

/**
 * Changes of every local workspace as one feed (each one's LiveFeed, fanned in); remote loops have no
 * events here, the page re-reads every few seconds for them.
 */
class FleetFeed {
  readonly #feeds: LiveFeed[];
  readonly #listeners = new Set<ChangeListener>();
  #onClosed: () => void = () => undefined;
  readonly closed = new Promise<void>((resolve) => {
    this.#onClosed = resolve;
  });

  constructor(env: NodeJS.ProcessEnv) {
    const own = { ...env, AUTOSWE_RUNTIME_DIR: '' };
    this.#feeds = readRegistry(env).flatMap((entry) =>
      entry.kind === 'ok' ? [new LiveFeed(workspaceAt(entry.root, own))] : [],
    );
    for (const feed of this.#feeds) {
      feed.subscribe((event) => {
        for (const listener of this.#listeners) listener(event);
      });
    }
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  close(): void {
    for (const feed of this.#feeds) feed.close();
    this.#listeners.clear();
    this.#onClosed();
  }
}

/**
 * `serve --fleet`: one live page of every loop. A remote row links to its host's own serve (the browser
 * signs in there with that host's token; this server never hands a token out). A local row links to
 * `/open/<name>`, which starts that workspace's own pages on demand on the same address and token (another
 * port) and redirects there.
 */
export async function startFleetServer(options: FleetServeOptions): Promise<RunningServer> {
  const loopbackOnly = isLoopbackHost(options.host);
  if (!loopbackOnly && options.token === undefined) {
    throw new AutosweError(
      `--host ${options.host} is not a loopback address: a token is required`,
      EXIT_USAGE,
    );
  }
  const assets = loadAssets();
  const feed = new FleetFeed(options.env);
  const fleet = fleetSource(
    () => buildFleet({ env: options.env, timeoutMs: options.timeoutMs, hosts: options.hosts }),
    feed,
  );
  const loops = new Map<string, Promise<RunningServer>>();
  const app = new Hono();
  app.use('*', securityHeaders);
  if (loopbackOnly) app.use('*', loopbackHostCheck);
  if (options.token !== undefined) app.use('*', requireToken(options.token));
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD')
      throw new HttpError(405, 'the fleet page only reads: GET');
    return next();
  });
  app.get('/', async (c) => c.html(renderFleetPage(fleetBody(await fleet()))));
  app.get('/api/fleet', async (c) => c.json(await fleet()));
  app.get('/api/events', (c) => changeStream(c, feed));
  app.get('/open/:name', async (c) => {
    const name = c.req.param('name');
    const entry = registryEntry(options.env, name);
    if (entry?.kind !== 'ok')
      throw new HttpError(404, `no registered workspace '${name}' that can be opened`);
    let server = loops.get(name);
    if (server === undefined) {
      server = startWebServer({
        workspace: workspaceAt(entry.root, { ...options.env, AUTOSWE_RUNTIME_DIR: '' }),
        env: options.env,
        host: options.host,
        port: 0,
        readOnly: options.readOnly,
        token: options.token,
        log: options.log,
      });
      loops.set(name, server);
      server.catch(() => loops.delete(name));
    }
    const port = (await server).port;
    // The name the browser used (its token cookie is kept per host name, not per port).
    const shown = hostName(c.req.header('host') ?? options.host);
    return c.redirect(`http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`, 303);
  });
  app.get('/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (asset === undefined) throw new HttpError(404, `no asset '${c.req.param('name')}'`);
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' });
  });
  app.notFound((c) => respond(c, new HttpError(404, `nothing at ${c.req.path}`), options.log));
  app.onError((error, c) => respond(c, error, options.log));

  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  try {
    await listen(server, options.host, options.port);
  } catch (error) {
    feed.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostInUrl}:${port}`,
    host: options.host,
    port,
    feedListeners: () => feed.listenerCount,
    close: async () => {
      feed.close();
      const opened = await Promise.allSettled(loops.values());
      await Promise.all(
        opened.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)),
      );
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The fleet shared by every request, rebuilt after FLEET_MAX_AGE_MS or at once on a local change. */
function fleetSource(build: () => Promise<FleetModel>, feed: FleetFeed): () => Promise<FleetModel> {
  let cached: { readonly at: number; readonly model: Promise<FleetModel> } | undefined;
  feed.subscribe(() => {
    cached = undefined;
  });
  return () => {
    if (cached === undefined || Date.now() - cached.at >= FLEET_MAX_AGE_MS) {
      const model = build();
      model.catch(() => {
        if (cached?.model === model) cached = undefined;
      });
      cached = { at: Date.now(), model };
    }
    return cached.model;
  };
}

function respond(c: Context, error: unknown, log: FleetServeOptions['log']): Response {
  const known = error instanceof HttpError;
  const status = known ? error.status : 500;
  const message =
    known || error instanceof AutosweError
      ? errorMessage(error)
      : `internal error: ${errorMessage(error).split('\n')[0]}`;
  if (!known) log?.(`autoswe serve --fleet: ${c.req.method} ${c.req.path}: ${message}`);
  return c.json({ error: message }, status);
}
