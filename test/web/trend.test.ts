import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendVerdicts, type WebFixture, webFixture } from './web-fixture.js';

let web: WebFixture | undefined;
afterEach(() => web?.cleanup());

describe('the trend on the web page', () => {
  it('GET /api/trend is the trend model; the index holds the charts and loads uPlot from the package', async () => {
    web = webFixture();
    const at = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    appendVerdicts(
      web,
      {
        at: at(3),
        epoch: 0,
        iter: 1,
        module: 'calc',
        verdict: 'ACCEPT',
        reason: 'r',
        green_before: 1,
        green_after: 3,
        total: 10,
      },
      {
        at: at(1),
        epoch: 0,
        iter: 2,
        module: 'calc',
        verdict: 'REVERT',
        reason: 'r',
        green_before: 3,
        green_after: 3,
        total: 10,
      },
    );
    mkdirSync(web.workspace.runtimeDir, { recursive: true });
    appendFileSync(
      join(web.workspace.runtimeDir, 'COSTS'),
      `${JSON.stringify({ at: at(1), run: 'r', epoch: 0, iter: 2, module: 'calc', transcript: '/t', session_id: null, result_offset: 0, input_tokens: 1, output_tokens: 2, cache_read_tokens: 3, cache_creation_tokens: 4, cost_usd: 0.5, turns: null })}\n`,
    );
    const response = await web.request('/api/trend');
    expect(response.status).toBe(200);
    const trend = await response.json();
    expect(trend).toMatchObject({ green: 3, total: 10, red: 7, verdicts: 2, revert_rate: 0.5 });
    expect(trend.points.map((point: { green: number }) => point.green)).toEqual([3, 3]);
    expect(trend.cost).toEqual([{ at: expect.any(String), usd: 0.5, tokens: 10 }]);

    const page = await (await web.request('/', { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('<div id="chart-green" class="chart">');
    expect(page).toContain('<script src="/assets/uPlot.iife.min.js" defer></script>');
    expect(page).toContain('<script src="/assets/trend.js" defer></script>');
    expect(page).toMatch(/<th scope="row">spend<\/th><td>today \$0\.50, 10 tok · ETA/);
    const library = await web.request('/assets/uPlot.iife.min.js');
    expect(library.status).toBe(200);
    expect(await library.text()).toContain('uPlot');
    expect((await web.request('/assets/uPlot.min.css')).headers.get('content-type')).toContain('text/css');
    // Other pages do not load the chart library.
    expect(await (await web.request('/rules', { headers: { accept: 'text/html' } })).text()).not.toContain(
      'uPlot',
    );
  });
});
