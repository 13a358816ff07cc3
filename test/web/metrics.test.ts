import { spawnSync } from 'node:child_process';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { componentMissing } from '../helpers/components.js';
import { appendVerdicts, verdict, type WebFixture, webFixture, writeParity } from './web-fixture.js';

let web: WebFixture;
afterEach(() => web?.cleanup());

function promtoolAvailable(): boolean {
  return spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** `promtool check metrics` on the text: its exit code and what it said (lint problems go to stderr). */
function promtool(text: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function scrape(fixture: WebFixture, headers: Record<string, string> = {}): Promise<string> {
  const response = await fixture.request('/metrics', { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return response.text();
}

const session = (outcome: string, cost: number) => ({
  outcome,
  subtype: 'success',
  turns: 3,
  tokens: { input: 100, output: 20, cache_read: 1000, cache_creation: 5 },
  cost_usd: cost,
  duration_ms: 1000,
});

describe('GET /metrics', () => {
  it('shows cells, iteration, state, pause, heartbeat, verdicts, sessions, cost and tokens; promtool accepts it', async () => {
    web = webFixture();
    writeParity(web, {
      lexer: { flipped: true, flipped_at: null, cells: { a: { status: 'GREEN' }, b: { status: 'GREEN' } } },
      'par"ser': {
        flipped: false,
        flipped_at: null,
        cells: { c: { status: 'RED' }, d: { status: 'GREEN' } },
      },
    });
    writeFileSync(
      web.workspace.paths.state,
      JSON.stringify({ status: 'RUNNING', epoch: 2, iter: 17, module: 'lexer' }),
    );
    const beat = new Date(Date.now() - 30_000).toISOString();
    writeFileSync(
      web.workspace.paths.heartbeat,
      JSON.stringify({ at: beat, pid: 1, run: 'r1', epoch: 2, iter: 17, vertex: 'implement' }),
    );
    const pausedAt = new Date(Date.now() - 120_000).toISOString();
    writeFileSync(web.workspace.paths.pause, `${pausedAt} alice: lunch\n`);
    appendVerdicts(
      web,
      { ...verdict(1, 'lexer', 'ACCEPT'), session: session('ok', 0.25) },
      { ...verdict(2, 'lexer', 'REVERT'), session: session('api_error', 0.5) },
      verdict(3, 'lexer', 'REVISE'),
      { at: '2026-11-24T05:00:00Z', type: 'flip', module: 'lexer', forced: true },
      'torn {',
    );
    const text = await scrape(web);
    expect(text).toContain('autoswe_cells{state="green"} 3\n');
    expect(text).toContain('autoswe_cells{state="red"} 1\n');
    expect(text).toContain('autoswe_module_cells{module="par\\"ser",state="red"} 1\n');
    expect(text).toContain('autoswe_iteration 17\n');
    expect(text).toContain('autoswe_epoch 2\n');
    expect(text).toContain('autoswe_loop_state{state="RUNNING"} 1\n');
    expect(text).toContain('autoswe_loop_state{state="DONE"} 0\n');
    expect(text).toContain('autoswe_paused{kind="soft"} 1\n');
    expect(Number(/^autoswe_pause_seconds (\S+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(120);
    expect(Number(/^autoswe_heartbeat_age_seconds (\S+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(30);
    expect(text).toContain('autoswe_verdicts_total{verdict="ACCEPT"} 1\n');
    expect(text).toContain('autoswe_verdicts_total{verdict="REVERT"} 1\n');
    expect(text).toContain('autoswe_verdicts_total{verdict="REVISE"} 1\n');
    expect(text).toContain('autoswe_sessions_total{outcome="api_error"} 1\n');
    expect(text).toContain('autoswe_sessions_total{outcome="ok"} 1\n');
    expect(text).toContain('autoswe_agent_cost_usd_total 0.75\n');
    expect(text).toContain('autoswe_agent_tokens_total{kind="cache_read"} 2000\n');
    expect(text).toMatch(
      /autoswe_workspace_info\{workspace="autoswe-web-\w+",host="[^"]+",version="[^"]+"\} 1\n/,
    );
    if (componentMissing('promtool', promtoolAvailable(), 'apt-get install prometheus (it ships promtool)'))
      return;
    expect(promtool(text)).toEqual({ status: 0, output: '' });
  });

  it('reads only what VERDICTS gained since the last scrape, and counts a replaced file from its start', async () => {
    web = webFixture();
    appendVerdicts(web, verdict(1, 'm', 'ACCEPT'));
    expect(await scrape(web)).toContain('autoswe_verdicts_total{verdict="ACCEPT"} 1\n');
    // Half a line: not counted until the rest arrives.
    const line = JSON.stringify(verdict(2, 'm', 'ACCEPT'));
    appendFileSync(web.workspace.paths.verdicts, line.slice(0, 20));
    expect(await scrape(web)).toContain('autoswe_verdicts_total{verdict="ACCEPT"} 1\n');
    appendFileSync(web.workspace.paths.verdicts, `${line.slice(20)}\n`);
    expect(await scrape(web)).toContain('autoswe_verdicts_total{verdict="ACCEPT"} 2\n');
    // An epoch reset archives VERDICTS: the new file is counted on its own.
    const fresh = `${web.workspace.paths.verdicts}.new`;
    writeFileSync(fresh, `${JSON.stringify(verdict(3, 'm', 'REVERT'))}\n`);
    renameSync(fresh, web.workspace.paths.verdicts);
    const text = await scrape(web);
    expect(text).toContain('autoswe_verdicts_total{verdict="ACCEPT"} 0\n');
    expect(text).toContain('autoswe_verdicts_total{verdict="REVERT"} 1\n');
  });

  it('answers on an empty or corrupt workspace, still valid for promtool', async () => {
    web = webFixture();
    writeFileSync(web.workspace.paths.state, '{ nope');
    writeFileSync(web.workspace.paths.parity, '[]');
    const text = await scrape(web);
    expect(text).toContain('autoswe_loop_state{state="CORRUPT"} 1\n');
    expect(text).toContain('autoswe_parity_readable 0\n');
    expect(text).not.toMatch(/^autoswe_heartbeat_age_seconds /m);
    if (componentMissing('promtool', promtoolAvailable(), 'apt-get install prometheus (it ships promtool)'))
      return;
    expect(promtool(text)).toEqual({ status: 0, output: '' });
  });

  it('needs the token off loopback, as a Bearer header Prometheus sends', async () => {
    web = webFixture({ token: 's3cret-token-value', loopbackOnly: false });
    expect((await web.request('/metrics')).status).toBe(401);
    await scrape(web, { authorization: 'Bearer s3cret-token-value' });
  });
});
