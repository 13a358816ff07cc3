import { appendFileSync, mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiJson, pageText, type WebFixture, webFixture } from './web-fixture.js';

let web: WebFixture;
beforeEach(() => {
  web = webFixture();
});
afterEach(() => web.cleanup());

function appendEvents(...lines: readonly (object | string)[]): void {
  mkdirSync(web.workspace.runtimeDir, { recursive: true });
  for (const line of lines) {
    appendFileSync(web.workspace.paths.events, `${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
  }
}

const event = (n: number, type: string, extra: object = {}) => ({
  id: `ev-${n}`,
  at: `2026-11-24T06:0${n}:00.000Z`,
  type,
  by: 'alice',
  reason: `reason ${n}`,
  ...extra,
});

describe('the history page and /api/history', () => {
  it('lists events newest first, pages backwards, filters by type or group, and shows a torn line as text', async () => {
    appendEvents(
      event(1, 'run.started', { run: 'r1' }),
      event(2, 'paused', { hard: true }),
      '{"torn',
      event(3, 'resumed', { duration_ms: 60_000, paused_by: 'alice' }),
      event(4, 'run.ended', { run: 'r1', status: 'DONE', outcome: 'done', iterations: 3 }),
    );
    const first = await apiJson(web, '/api/history?limit=2');
    expect((first.entries as { id: string }[]).map((entry) => entry.id)).toEqual(['ev-4', 'ev-3']);
    const second = await apiJson(web, `/api/history?limit=2&before=${first.next_before}`);
    expect(second.entries).toEqual([{ raw: '{"torn' }, expect.objectContaining({ id: 'ev-2', hard: true })]);
    const runs = await apiJson(web, '/api/history?type=run');
    expect((runs.entries as { id: string }[]).map((entry) => entry.id)).toEqual(['ev-4', 'ev-1']);
    const bad = await web.request('/api/history?type=banana');
    expect(bad.status).toBe(400);

    const page = await pageText(web, '/history');
    expect(page).toContain('<a href="/history" aria-current="page">History</a>');
    expect(page).toContain('data-live="history"');
    expect(page).toContain('run r1 ended DONE (done) after 3 iteration(s)');
    expect(page).toContain('resumed from a pause after 60 s (paused by alice)');
    expect(page).toContain('(unparsed) {&quot;torn');
  });

  it('escapes what the file says: a reason or a by holding HTML reaches the page as text', async () => {
    appendEvents(
      event(1, 'paused', { by: '<img src=x onerror=alert(1)>', reason: '<script>alert(1)</script>' }),
    );
    const page = await pageText(web, '/history');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says so when nothing was recorded, and links the page from every page', async () => {
    const page = await pageText(web, '/history');
    expect(page).toContain('no events recorded yet');
    expect(await pageText(web, '/')).toContain('<a href="/history">History</a>');
  });
});
