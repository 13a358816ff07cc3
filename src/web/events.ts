import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ChangeEvent, ChangeListener } from './live.js';

/** Keeps idle event streams (and proxies in between) from timing out. */
const KEEPALIVE_MS = 15_000;

/** What an event stream follows: the workspace's LiveFeed, or the fleet's feed over many workspaces. */
export interface ChangeSource {
  subscribe(listener: ChangeListener): () => void;
  /** Settles when the source closes: open streams end then, so the server can stop. */
  readonly closed: Promise<void>;
}

/** `GET /api/events`: a `hello`, then a `change` event per batch of changes, until the page goes away. */
export function changeStream(c: Context, feed: ChangeSource): Response {
  return streamSSE(c, async (stream) => {
    const send = (event: ChangeEvent) =>
      void stream.writeSSE({ event: 'change', data: JSON.stringify(event) }).catch(() => undefined);
    // Listen for the page going away first: an abort during the greeting must still unsubscribe.
    const gone = new Promise<void>((resolve) => {
      stream.onAbort(resolve);
      if (stream.aborted) resolve();
    });
    const unsubscribe = feed.subscribe(send);
    const keepalive = setInterval(
      () => void stream.write(': keepalive\n\n').catch(() => undefined),
      KEEPALIVE_MS,
    );
    await stream.writeSSE({
      event: 'hello',
      data: JSON.stringify({ at: new Date().toISOString() }),
      retry: 1000,
    });
    await Promise.race([gone, feed.closed]);
    clearInterval(keepalive);
    unsubscribe();
  });
}
