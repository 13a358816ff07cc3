import { appendFileSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiJson, pageText, proposal, type WebFixture, webFixture, writeRulesQueue } from './web-fixture.js';

let web: WebFixture;
beforeEach(() => {
  web = webFixture();
});
afterEach(() => web.cleanup());

const text = (path: string) => pageText(web, path);
const json = (path: string) => apiJson(web, path);

describe('rules', () => {
  beforeEach(() => {
    writeRulesQueue(
      web,
      proposal('r-1', 'additive', 'always run the tests'),
      proposal('r-2', 'relaxation', 'allow editing fixtures'),
      proposal('r-3', 'removal', 'drop the old rule'),
      {
        type: 'decision',
        id: 'r-3',
        at: '2026-11-24T02:00:00.000Z',
        decision: 'rejected',
        by: 'x',
        note: null,
      },
    );
  });

  it('lists pending proposals with approve and reject buttons', async () => {
    const page = await text('/rules');
    expect(page).toContain('always run the tests');
    expect(page).toContain('allow editing fixtures');
    const pendingTable = /<table class="rules">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(pendingTable).toContain('always run the tests');
    expect(pendingTable).not.toContain('drop the old rule');
    expect(page).toContain('action="/rules/r-1/approve"');
    expect(page).toContain('formaction="/rules/r-2/reject"');
    expect(page).toContain('auto-applicable');
    expect(page).toContain('needs approval');
    const api = await json('/api/rules');
    expect(
      (api.pending as { id: string; auto_applicable: boolean }[]).map((p) => [p.id, p.auto_applicable]),
    ).toEqual([
      ['r-1', true],
      ['r-2', false],
    ]);
  });

  it('lists the latest decisions, newest first, with who decided and whether the approval is applied yet', async () => {
    const events = [
      {
        type: 'decision',
        id: 'r-1',
        at: '2026-11-24T03:00:00.000Z',
        decision: 'approved',
        by: 'bob',
        note: null,
      },
      { type: 'applied', id: 'r-1', at: '2026-11-24T03:05:00.000Z' },
      {
        type: 'decision',
        id: 'r-2',
        at: '2026-11-24T04:00:00.000Z',
        decision: 'approved',
        by: 'cy',
        note: null,
      },
    ];
    appendFileSync(
      web.workspace.paths.rulesQueue,
      events.map((event) => `${JSON.stringify(event)}\n`).join(''),
    );
    const page = await text('/rules');
    expect(page).toContain('no pending proposals');
    const decided = /<ul class="decided">([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '';
    const items = decided.split('</li>').filter((item) => item.includes('<li'));
    expect(items.map((item) => /data-rule="([^"]+)"/.exec(item)?.[1])).toEqual(['r-2', 'r-1', 'r-3']);
    expect(items[0]).toContain('approved, not yet applied');
    expect(items[0]).toContain('by cy');
    expect(items[1]).toContain('approved, applied');
    expect(items[2]).toContain('rejected');
    expect(items[2]).toContain('by x at 2026-11-24T02:00:00.000Z');
    const api = await json('/api/rules');
    const apiDecided = api.decided as { id: string; decision: { by: string }; applied: unknown }[];
    expect(apiDecided.map((record) => [record.id, record.decision.by, record.applied !== null])).toEqual([
      ['r-2', 'cy', false],
      ['r-1', 'bob', true],
      ['r-3', 'x', false],
    ]);
  });

  it('approve from the form appends the decision as rules-review does, then redirects to the list', async () => {
    const response = await web.request('/rules/r-2/approve', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'note=looks+fine',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/rules');
    const lines = readFileSync(web.workspace.paths.rulesQueue, 'utf8').trim().split('\n');
    const decision = JSON.parse(lines.at(-1) ?? '');
    expect(Object.keys(decision)).toEqual([
      'type',
      'id',
      'at',
      'decision',
      'by',
      'note',
      'via',
      'host',
      'proposal_sha',
      'sig',
    ]);
    expect(decision.via).toBe('web');
    expect(decision).toMatchObject({
      type: 'decision',
      id: 'r-2',
      decision: 'approved',
      by: 'operator',
      note: 'looks fine',
    });
    const after = await text('/rules');
    expect(after).not.toContain('action="/rules/r-2/approve"');
    expect(after).toMatch(
      /<li data-rule="r-2"><code>r-2<\/code> <span class="warn">approved, not yet applied/,
    );
  });

  it('reject from the form appends a rejected decision without a note', async () => {
    const response = await web.request('/rules/r-1/reject', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'note=',
    });
    expect(response.status).toBe(303);
    const lines = readFileSync(web.workspace.paths.rulesQueue, 'utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ id: 'r-1', decision: 'rejected', note: null });
  });

  it('decides a proposal whose id needs escaping in a URL', async () => {
    writeRulesQueue(web, proposal('r/ü 1?&', 'relaxation', 'odd id'));
    const page = await text('/rules');
    const action = /action="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(action).toBe('/rules/r%2F%C3%BC%201%3F%26/approve');
    const response = await web.request(action.replaceAll('&amp;', '&'), { method: 'POST' });
    expect(response.status).toBe(303);
    const lines = readFileSync(web.workspace.paths.rulesQueue, 'utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ id: 'r/ü 1?&', decision: 'approved' });
  });

  it('the API rejects with a JSON note; a second decision is 409 and an unknown id 404', async () => {
    const reject = await web.request('/api/rules/r-1/reject', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'too broad' }),
    });
    expect(reject.status).toBe(200);
    expect(await reject.json()).toMatchObject({ id: 'r-1', decision: 'rejected', note: 'too broad' });
    const again = await web.request('/api/rules/r-1/approve', { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toContain('already rejected');
    const unknown = await web.request('/api/rules/r-404/approve', { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toContain("no rule proposal with id 'r-404'");
    const badJson = await web.request('/api/rules/r-2/approve', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(badJson.status).toBe(400);
  });
});
