import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/core/runtime/workspace.js';
import { type Harness, renderApp, tempWorkspace } from './harness.js';

let workspace: Workspace;
let cleanup: () => void;
let app: Harness | undefined;

beforeEach(() => {
  ({ workspace, cleanup } = tempWorkspace());
});

afterEach(() => {
  app?.unmount();
  app = undefined;
  cleanup();
});

describe('TUI status: the breaker and the budget (docs/LOOP.md "Breaker", "Budget")', () => {
  it('lists the set-aside modules and the spend line against the run limits, within 80x24, live', async () => {
    const run = '20261202T100000Z-abcd';
    writeFileSync(workspace.paths.state, JSON.stringify({ status: 'PAUSED', epoch: 0, iter: 9, run }));
    mkdirSync(join(workspace.paths.runs, run), { recursive: true });
    writeFileSync(
      join(workspace.paths.runs, run, 'run.json'),
      JSON.stringify({
        id: run,
        started_at: '2026-12-02T10:00:00.000Z',
        ended_at: null,
        outcome: 'running',
        reason: null,
        pid: process.pid,
        config_file: '/ws/autoswe.yaml',
        config: { limits: { max_cost_usd: 2, max_cost_usd_per_day: 5, max_tokens_per_day: null } },
        epoch: 0,
        iterations: 8,
      }),
    );
    app = renderApp(workspace);
    await app.waitFor((text) => text.includes('PAUSED'));
    // The loop sets a module aside and records a session: the open TUI shows both.
    writeFileSync(
      join(workspace.runtimeDir, 'breaker.json'),
      JSON.stringify({
        epoch: 0,
        no_progress: { count: 4, verdicts: { REVISE: 4 }, modules: ['calc'], since: null },
        modules: { calc: 4 },
        set_aside: {
          calc: {
            at: '2026-12-02T10:00:00.000Z',
            iter: 8,
            attempts: 4,
            reason: '4 judged iterations in a row without a RED→GREEN flip',
          },
        },
        updated_at: '2026-12-02T10:00:00.000Z',
      }),
    );
    appendFileSync(
      join(workspace.runtimeDir, 'COSTS'),
      `${JSON.stringify({ at: new Date().toISOString(), run, epoch: 0, iter: 8, module: 'calc', transcript: '/t', session_id: 's', result_offset: 0, input_tokens: 1000, output_tokens: 500, cache_read_tokens: 20000, cache_creation_tokens: 0, cost_usd: 1.25, turns: 3 })}\n`,
    );
    const frame = await app.waitFor((text) => text.includes('set aside') && text.includes('spend'), 3000);
    expect(frame).toMatch(/set aside {2}calc \(iter 8: 4 judged iterations in a row/);
    expect(frame).toMatch(
      /spend {6}today \$1\.25 \/ \$5\.00, 22k tok · run \$1\.25 \/ \$2\.00 \(1 session\)/,
    );
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(Math.max(...frame.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(80);
  });
});
