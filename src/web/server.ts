import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { AutosweError, EXIT_USAGE } from '../base/errors.js';
import type { Workspace } from '../core/runtime/workspace.js';
import type { StatusProbes } from '../core/status/model.js';
import { createApp } from './app.js';
import { loadAssets } from './assets.js';
import { LiveFeed } from './live.js';
import { cachedProbes } from './probe-cache.js';
import { isLoopbackHost } from './security.js';

export interface ServeOptions {
  readonly workspace: Workspace;
  readonly env: NodeJS.ProcessEnv;
  readonly host: string;
  /** 0 picks a free port; the real one is in the result. */
  readonly port: number;
  readonly readOnly: boolean;
  readonly token?: string | undefined;
  readonly probes?: Partial<StatusProbes> | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Listeners on the change feed: one per open event stream, plus one for the shared status model. */
  feedListeners(): number;
  /** Ends open event streams and connections, stops watching files, closes the port. */
  close(): Promise<void>;
}

/** Starts the web page; rejects with one clear line when the address cannot be bound. */
export async function startWebServer(options: ServeOptions): Promise<RunningServer> {
  const loopbackOnly = isLoopbackHost(options.host);
  if (!loopbackOnly && options.token === undefined) {
    throw new AutosweError(
      `--host ${options.host} is not a loopback address: a token is required`,
      EXIT_USAGE,
    );
  }
  const assets = loadAssets();
  const feed = new LiveFeed(options.workspace);
  const app = createApp({
    workspace: options.workspace,
    env: options.env,
    readOnly: options.readOnly,
    token: options.token,
    loopbackOnly,
    feed,
    probes: cachedProbes(options.env, options.workspace.root, options.probes),
    assets,
    log: options.log,
  });
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
    close: () => {
      feed.close();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Binds, or rejects with one clear line (port in use, no such address…). */
export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new AutosweError(bindFailure(error, host, port)));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function bindFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE') {
    return `cannot serve on ${where}: the port is already in use (another 'autoswe serve'?); choose another with --port`;
  }
  if (error.code === 'EACCES')
    return `cannot serve on ${where}: permission denied (ports below 1024 need privileges)`;
  if (error.code === 'EADDRNOTAVAIL')
    return `cannot serve on ${where}: no such address on this machine (--host)`;
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return `cannot serve on ${where}: the host name '${host}' does not resolve (--host)`;
  }
  return `cannot serve on ${where}: ${error.message}`;
}
