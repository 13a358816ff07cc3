import { basename } from 'node:path';
import type { Hono } from 'hono';
import { VERSION } from '../base/version.js';
import { registeredName } from '../core/runtime/registry.js';
import { machineName } from '../core/status/host.js';
import { buildMetrics } from '../core/status/metrics.js';
import { readLoopFiles } from '../core/status/model.js';
import { VerdictTallyReader } from '../core/status/verdict-tally.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from '../render/prometheus.js';
import type { WebOptions } from './context.js';

/**
 * `GET /metrics` (docs/WEB.md "Metrics"): the loop in the Prometheus text format, from the files alone (no
 * probes, so a scrape never waits on a hung proxy). VERDICTS is folded once and then only its new lines.
 */
export function registerMetrics(app: Hono, options: WebOptions): void {
  const { workspace } = options;
  const tally = new VerdictTallyReader(workspace);
  const name = registeredName(options.env, workspace.root) ?? basename(workspace.root);
  const host = machineName();
  app.get('/metrics', (c) => {
    const now = new Date();
    const families = buildMetrics({
      files: readLoopFiles(workspace, now),
      tally: tally.read(),
      workspace: name,
      host,
      version: VERSION,
      now,
    });
    return c.body(renderPrometheus(families), 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE });
  });
}
