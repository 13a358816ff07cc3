import { buildStatusModel, type StatusModel } from '../core/status/model.js';
import type { WebOptions } from './context.js';

/**
 * How old a served status model may be. Reading it costs a parse of parity.json (~3.5 ms for 10,000 cells),
 * so concurrent requests share one; a status file change drops it at once, and ages stay within a second.
 */
export const STATUS_MAX_AGE_MS = 1_000;

/** The status model shared by every page and API request, rebuilt on change or after STATUS_MAX_AGE_MS. */
export function statusSource(
  options: Pick<WebOptions, 'workspace' | 'env' | 'probes' | 'feed'>,
  maxAgeMs = STATUS_MAX_AGE_MS,
  now: () => number = Date.now,
): () => Promise<StatusModel> {
  let cached: { readonly at: number; readonly model: Promise<StatusModel> } | undefined;
  options.feed.subscribe((event) => {
    if (event.topics.includes('status')) cached = undefined;
  });
  return () => {
    if (cached === undefined || now() - cached.at >= maxAgeMs) {
      const model = buildStatusModel(options.workspace, { env: options.env, probes: options.probes });
      // A failed build is not kept: the next request tries again.
      model.catch(() => {
        if (cached?.model === model) cached = undefined;
      });
      cached = { at: now(), model };
    }
    return cached.model;
  };
}
