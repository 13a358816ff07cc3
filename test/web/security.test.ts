import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/web/security.js';
import { proposal, type WebFixture, webFixture, writeJourney, writeRulesQueue } from './web-fixture.js';

let web: WebFixture;
afterEach(() => web.cleanup());

const PAGES = ['/', '/parity', '/verdicts', '/rules', '/journey/1'];
const API = ['/api/status', '/api/journey', '/api/journey/1', '/api/parity', '/api/verdicts', '/api/rules'];

describe('security headers', () => {
  it('every page, API answer and error carries the CSP without inline script, nosniff and no caching', async () => {
    web = webFixture();
    writeJourney(web, 1, '# One\n');
    for (const path of [...PAGES, ...API, '/nothing-here', '/api/verdicts?limit=x']) {
      const response = await web.request(path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('pages hold no inline script and load nothing from another origin', async () => {
    web = webFixture();
    writeJourney(web, 1, '# One\n\n![remote](https://example.com/x.png)');
    for (const path of PAGES) {
      const page = await (await web.request(path)).text();
      for (const tag of page.match(/<script[^>]*>/g) ?? []) expect(tag, path).toMatch(/src="\/assets\//);
      expect(page, path).not.toMatch(/\son[a-z]+=/i);
      expect(page, path).not.toMatch(/(src|href)="\/\//);
    }
  });
});

describe('loopback bind', () => {
  it('answers only to loopback host names (DNS rebinding guard)', async () => {
    web = webFixture();
    for (const host of ['127.0.0.1:8765', 'localhost:8765', '[::1]:8765']) {
      expect((await web.request('/api/status', { headers: { host } })).status, host).toBe(200);
    }
    const evil = await web.request('/api/status', { headers: { host: 'attacker.example:8765' } });
    expect(evil.status).toBe(421);
    expect((await evil.json()).error).toContain('loopback host names');
    const evilPage = await web.request('/', {
      headers: { host: 'attacker.example:8765', accept: 'text/html' },
    });
    expect(evilPage.status).toBe(421);
    expect(await evilPage.text()).not.toContain(web.root);
  });

  it('knows which hosts are loopback', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.5', '::', 'example.com', '127.0.0.1.evil.com'].some(isLoopbackHost)).toBe(
      false,
    );
  });
});

describe('token', () => {
  const TOKEN = 's3cret-token-value';

  it('refuses every request without the token', async () => {
    web = webFixture({ token: TOKEN, loopbackOnly: false });
    for (const path of ['/', '/api/status', '/assets/app.js', '/api/events']) {
      const response = await web.request(path);
      expect(response.status, path).toBe(401);
    }
    const wrong = await web.request('/api/status', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const page = await web.request('/', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    const body = await page.text();
    expect(body).toContain('a token is required');
    expect(body).not.toContain(web.root);
  });

  it('accepts a bearer token, and ?token= once sets a cookie and drops the token from the address', async () => {
    web = webFixture({ token: TOKEN, loopbackOnly: false });
    const bearer = await web.request('/api/status', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    const signIn = await web.request(`/verdicts?module=lexer&token=${TOKEN}`);
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/verdicts?module=lexer');
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const withCookie = await web.request('/verdicts', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(withCookie.status).toBe(200);
  });

  it('takes the Authorization scheme in any case', async () => {
    web = webFixture({ token: TOKEN, loopbackOnly: false });
    for (const scheme of ['bearer', 'BEARER', 'Bearer', 'bEaReR']) {
      const answer = await web.request('/api/status', { headers: { authorization: `${scheme} ${TOKEN}` } });
      expect(answer.status, scheme).toBe(200);
    }
    const wrong = await web.request('/api/status', { headers: { authorization: `Basic ${TOKEN}` } });
    expect(wrong.status).toBe(401);
  });

  it('never redirects to another host: //host and /\\host paths keep one leading slash', async () => {
    web = webFixture({ token: TOKEN, loopbackOnly: false });
    for (const path of ['//evil.example/x', '/\\evil.example/x', '///evil.example/x']) {
      const signIn = await web.request(`${path}?token=${TOKEN}`);
      expect(signIn.status, path).toBe(303);
      const location = signIn.headers.get('location') ?? '';
      expect(location, path).toMatch(/^\/[^/\\]/);
      expect(new URL(location, 'http://console.lan:8765').host, path).toBe('console.lan:8765');
    }
  });

  it('a non-loopback server does not check the Host header (the token guards it)', async () => {
    web = webFixture({ token: TOKEN, loopbackOnly: false });
    const response = await web.request('/api/status', {
      headers: { host: 'console.lan:8765', authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
  });
});

describe('state changes', () => {
  function rulesFixture(readOnly = false) {
    web = webFixture({ readOnly });
    writeRulesQueue(web, proposal('r-1', 'relaxation', 'allow editing fixtures'));
    return readFileSync(web.workspace.paths.rulesQueue, 'utf8');
  }

  it('are refused from another origin or without an Origin, and leave RULES_QUEUE untouched', async () => {
    const before = rulesFixture();
    const crossSite = await web.request('/api/rules/r-1/approve', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const noOrigin = await web.request('/rules/r-1/approve', { method: 'POST', headers: { origin: 'null' } });
    expect(noOrigin.status).toBe(403);
    const fetchSite = await web.request('/rules/r-1/approve', {
      method: 'POST',
      headers: { origin: 'null', 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchSite.status).toBe(403);
    expect(readFileSync(web.workspace.paths.rulesQueue, 'utf8')).toBe(before);
  });

  it('are POST only: GET on an action is 405, other methods are refused', async () => {
    const before = rulesFixture();
    const get = await web.request('/api/rules/r-1/approve');
    expect(get.status).toBe(405);
    expect((await get.json()).error).toContain('POST only');
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await web.request('/api/rules/r-1/approve', { method });
      expect(response.status, method).toBe(405);
    }
    expect(readFileSync(web.workspace.paths.rulesQueue, 'utf8')).toBe(before);
  });

  it('accept a same-origin request that has Sec-Fetch-Site but no Origin', async () => {
    rulesFixture();
    const headers = new Headers({ 'sec-fetch-site': 'same-origin' });
    const response = await web.app.request('http://127.0.0.1:8765/api/rules/r-1/approve', {
      method: 'POST',
      headers: { host: '127.0.0.1:8765', ...Object.fromEntries(headers) },
    });
    expect(response.status).toBe(200);
  });

  it('read-only hides the buttons and refuses decisions', async () => {
    const before = rulesFixture(true);
    const page = await (await web.request('/rules')).text();
    expect(page).toContain('allow editing fixtures');
    expect(page).not.toContain('<form');
    expect(page).not.toContain('Approve');
    expect(page).toContain('read-only');
    for (const path of ['/rules/r-1/approve', '/api/rules/r-1/reject']) {
      const response = await web.request(path, { method: 'POST' });
      expect(response.status, path).toBe(403);
    }
    expect((await (await web.request('/api/rules')).json()).read_only).toBe(true);
    expect(readFileSync(web.workspace.paths.rulesQueue, 'utf8')).toBe(before);
  });

  it('a body over the limit is refused', async () => {
    rulesFixture();
    const response = await web.request('/api/rules/r-1/approve', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(20_000) },
      body: JSON.stringify({ note: 'x'.repeat(19_980) }),
    });
    expect(response.status).toBe(413);
  });
});

describe('no file outside the views', () => {
  it('journey ids are integers: paths, signs and exponents are 400, unknown ids 404', async () => {
    web = webFixture();
    writeJourney(web, 3, '# Three\n');
    for (const id of ['abc', '-1', '1e3', '3.0', '%2e%2e%2fautoswe.yaml', '..%2F..%2Fetc%2Fpasswd']) {
      const response = await web.request(`/api/journey/${id}`);
      expect(response.status, id).toBe(400);
      expect((await response.json()).error, id).toContain('journey id must be a non-negative integer');
    }
    const missing = await web.request('/api/journey/4');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('no journey entry for iteration 4');
    const page = await web.request('/journey/4', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('no journey entry for iteration 4');
    for (const path of [
      '/journey/../autoswe.yaml',
      '/assets/../../package.json',
      '/assets/%2e%2e%2fpackage.json',
    ]) {
      const response = await web.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('target:');
    }
  });

  it('a journey entry that is a symlink out of docs/journey is not served or listed', async () => {
    web = webFixture();
    const secret = join(web.root, 'secret.txt');
    writeFileSync(secret, '# TOP SECRET\n');
    symlinkSync(secret, join(web.workspace.paths.journeyDir, 'iter-5.md'));
    writeJourney(web, 4, '# Four\n');
    expect((await web.request('/api/journey/5')).status).toBe(404);
    expect((await web.request('/journey/5')).status).toBe(404);
    const list = await (await web.request('/api/journey')).json();
    expect(list.entries).toEqual([{ iter: 4, title: 'Four' }]);
    expect(await (await web.request('/')).text()).not.toContain('TOP SECRET');
  });

  it('a journey entry hard-linked to a file elsewhere is refused like a symlink: not served, not listed', async () => {
    web = webFixture();
    const secret = join(web.root, 'secret.txt');
    writeFileSync(secret, '# TOP SECRET\n');
    linkSync(secret, join(web.workspace.paths.journeyDir, 'iter-5.md'));
    writeJourney(web, 4, '# Four\n');
    expect((await web.request('/api/journey/5')).status).toBe(404);
    expect((await web.request('/journey/5')).status).toBe(404);
    const list = await (await web.request('/api/journey')).json();
    expect(list.entries).toEqual([{ iter: 4, title: 'Four' }]);
    expect(await (await web.request('/')).text()).not.toContain('TOP SECRET');
  });

  it('a symlink to another entry inside docs/journey is served; a folder named like an entry is not', async () => {
    web = webFixture();
    writeJourney(web, 4, '# Four\n');
    symlinkSync(
      join(web.workspace.paths.journeyDir, 'iter-4.md'),
      join(web.workspace.paths.journeyDir, 'iter-6.md'),
    );
    mkdirSync(join(web.workspace.paths.journeyDir, 'iter-7.md'));
    const list = await (await web.request('/api/journey')).json();
    expect(list.entries).toEqual([
      { iter: 6, title: 'Four' },
      { iter: 4, title: 'Four' },
    ]);
    expect((await web.request('/api/journey/6')).status).toBe(200);
    expect((await web.request('/api/journey/7')).status).toBe(404);
  });
});

describe('bad query values', () => {
  it('answer 400 with a message naming the value', async () => {
    web = webFixture();
    const cases: [string, string][] = [
      ['/api/verdicts?limit=0', 'limit must be an integer from 1 to 500'],
      ['/api/verdicts?limit=abc', "got 'abc'"],
      ['/api/verdicts?limit=501', 'limit must be an integer from 1 to 500'],
      ['/api/verdicts?before=-5', 'before must be an integer'],
      ['/api/verdicts?verdict=MAYBE', 'verdict must be one of ACCEPT, REVISE, REVERT'],
      ['/api/journey?page=0', 'page must be an integer'],
      ['/verdicts?before=x', 'before must be an integer'],
      ['/?page=-2', 'page must be an integer'],
    ];
    for (const [path, message] of cases) {
      const response = await web.request(path);
      expect(response.status, path).toBe(400);
      expect((await response.json()).error, path).toContain(message);
    }
    const page = await web.request('/verdicts?verdict=nope', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('verdict must be one of');
  });
});
