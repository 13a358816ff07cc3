import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceView } from '../../src/core/service/unit-state.js';
import {
  apiJson,
  appendVerdicts,
  pageText,
  verdict,
  type WebFixture,
  webFixture,
  writeJourney,
  writeParity,
} from './web-fixture.js';

let web: WebFixture;
beforeEach(() => {
  web = webFixture();
});
afterEach(() => web.cleanup());

const text = (path: string) => pageText(web, path);
const json = (path: string) => apiJson(web, path);

/** The service running and both timers waiting, as the service probe reports them; `root` is the workspace it runs. */
function runningService(root: string | null): ServiceView {
  const unit = (name: string) => ({
    unit: name,
    installed: true,
    load: 'loaded',
    sub: 'running',
    problem: null,
  });
  const timer = (name: string) => ({
    ...unit(name),
    active: 'active',
    sub: 'waiting',
    lastRun: null,
    lastResult: null,
    nextRun: null,
  });
  return {
    kind: 'ok',
    name: 'ws',
    root,
    service: { ...unit('autoswe.service'), active: 'active' },
    watchdog: timer('autoswe-watchdog.timer'),
    metaJudge: timer('autoswe-meta-judge.timer'),
  };
}

describe('index: status summary and journey list', () => {
  it('shows the status model and the journey newest first by iteration number, with titles', async () => {
    writeJourney(web, 9, '# Parser gets tokens\n\nbody');
    writeJourney(web, 10, '# Lexer handles unicode\n');
    writeJourney(web, 2, 'no heading here');
    appendVerdicts(web, verdict(3, 'parser', 'REVERT', 'broke 2 cells'));
    const page = await text('/');
    expect(page).toContain('UNINITIALIZED');
    // No build row before the loop built anything.
    expect(page).not.toContain('<th scope="row">build</th>');
    expect(page).toContain('REVERT');
    expect(page).toContain('broke 2 cells');
    const order = ['#10', '#9', '#2'].map((label) => page.indexOf(`<span class="iter">${label}</span>`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(page).toContain('Lexer handles unicode');
    expect(page).toContain('Iteration 2');
  });

  it('shows each GPU, and a GPU probe error, in the words of autoswe status', async () => {
    web.cleanup();
    const gpus = [
      {
        name: 'NVIDIA A100',
        utilizationPct: 37,
        memoryUsedMiB: 1000,
        memoryTotalMiB: 40960,
        temperatureC: 45,
      },
      {
        name: 'NVIDIA L4',
        utilizationPct: null,
        memoryUsedMiB: null,
        memoryTotalMiB: null,
        temperatureC: null,
      },
    ];
    web = webFixture({ probes: { gpu: async () => ({ kind: 'ok', gpus }) } });
    expect(await text('/')).toContain(
      '<tr><th scope="row">gpu</th><td>NVIDIA A100 37% 1000/40960 MiB 45°C; NVIDIA L4 util ? mem ?</td></tr>',
    );
    web.cleanup();
    web = webFixture({ probes: { gpu: async () => ({ kind: 'error', message: 'nvidia-smi timed out' }) } });
    expect(await text('/')).toContain('<span class="bad">error: nvidia-smi timed out</span>');
  });

  it('shows the last build and checks from state.json in the words of autoswe status', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      web.workspace.paths.state,
      JSON.stringify({
        status: 'RUNNING',
        build: {
          status: 'ok',
          duration_ms: 10,
          timeout_ms: 600_000,
          at: '2026-12-01T00:00:00.000Z',
          iter: 3,
        },
        checks: {
          vet: {
            status: 'failed',
            on_fail: 'revert',
            first_error: 'x.go:1:1: y',
            duration_ms: 10,
            timeout_ms: 600_000,
            at: '2026-12-01T00:00:00.000Z',
            iter: 3,
          },
        },
      }),
    );
    expect(await text('/')).toContain(
      '<tr><th scope="row">build</th><td><span class="warn">ok (iter 3)  checks: vet failed</span></td></tr>',
    );
  });

  it('shows the service and timers as autoswe status words them', async () => {
    web.cleanup();
    web = webFixture({
      probes: {
        service: async () => runningService(null),
      },
    });
    const page = await text('/');
    expect(page).toMatch(
      /<th scope="row">service<\/th><td><span class="ok">autoswe.service active \(running\); watchdog active \(waiting\)/,
    );
  });

  it('marks the service red when an installed unit cannot run as written', async () => {
    web.cleanup();
    const service = runningService('/srv/ws');
    web = webFixture({
      probes: {
        service: async () =>
          service.kind === 'ok'
            ? { ...service, service: { ...service.service, problem: 'autoswe@ws.service runs /gone/node' } }
            : service,
      },
    });
    const page = await text('/');
    expect(page).toMatch(/<th scope="row">service<\/th><td><span class="bad">autoswe.service active/);
    expect(page).toContain('runs /gone/node');
  });

  it('says plainly when no user manager answers for the service', async () => {
    expect(await text('/')).toContain('no systemd user manager (test)');
  });

  it('paginates the journey list', async () => {
    for (let iter = 1; iter <= 25; iter++) writeJourney(web, iter, `# Entry ${iter}\n`);
    const first = await json('/api/journey');
    expect(first).toMatchObject({ page: 1, limit: 20, total: 25, pages: 2 });
    expect((first.entries as { iter: number }[]).map((entry) => entry.iter).slice(0, 3)).toEqual([
      25, 24, 23,
    ]);
    const second = await json('/api/journey?page=2');
    expect((second.entries as { iter: number; title: string }[]).map((entry) => entry.iter)).toEqual([
      5, 4, 3, 2, 1,
    ]);
    expect((second.entries as { title: string }[])[0]?.title).toBe('Entry 5');
    const html = await text('/?page=2');
    expect(html).toContain('page 2 of 2');
    expect(html).toContain('href="/?page=1"');
    expect(html).not.toContain('Entry 25');
    const small = await text('/?page=2&limit=10');
    expect(small).toContain('page 2 of 3');
    expect(small).toContain('href="/?page=3&amp;limit=10">older');
  });
});

describe('journey entry', () => {
  it('renders the Markdown as sanitised HTML: a script or javascript: link in the entry never reaches the page', async () => {
    writeJourney(
      web,
      7,
      '# Iteration 7\n\n**bold** text\n\n<script>window.pwned = 1</script>\n\n<img src=x onerror="alert(1)">\n\n[click](javascript:alert(1))\n',
    );
    const page = await text('/journey/7');
    expect(page).toContain('<h1>Iteration 7</h1>');
    expect(page).toContain('<strong>bold</strong>');
    expect(page).not.toContain('<script>window');
    expect(page).toContain('&lt;script&gt;window.pwned = 1&lt;/script&gt;');
    expect(page).not.toMatch(/<img[^>]*onerror/);
    expect(page).not.toContain('href="javascript:');
    const api = await json('/api/journey/7');
    expect(api.iter).toBe(7);
    expect(api.title).toBe('Iteration 7');
    expect(api.markdown).toContain('<script>');
    expect(api.html).not.toContain('<script>');
  });
  it('links to the newer and older entries around it', async () => {
    for (const iter of [2, 5, 9]) writeJourney(web, iter, `# Entry ${iter}\n`);
    const middle = await text('/journey/5');
    expect(middle).toContain('href="/journey/9">newer #9');
    expect(middle).toContain('href="/journey/2">older #2');
    const newest = await text('/journey/9');
    expect(newest).not.toContain('newer #');
  });
});

describe('parity grid', () => {
  it('shows modules × cells coloured, with counts and flipped modules marked', async () => {
    writeParity(web, {
      lexer: {
        flipped: true,
        flipped_at: '2026-11-24T01:00:00Z',
        cells: { a: { status: 'GREEN' }, b: { status: 'GREEN' } },
      },
      parser: {
        flipped: false,
        flipped_at: null,
        cells: {
          c1: { status: 'GREEN' },
          c2: { status: 'RED', detail: 'diff at line 3' },
          c3: { status: 'weird' },
        },
      },
    });
    const page = await text('/parity');
    expect(page.match(/class="cell cell-green"/g)).toHaveLength(3);
    expect(page.match(/class="cell cell-red"/g)).toHaveLength(2);
    expect(page).toContain('3 GREEN');
    expect(page).toContain('2 RED');
    expect(page).toMatch(/lexer<\/a>\s*<span class="badge"[^>]*>flipped/);
    expect(page).toContain('diff at line 3');
    // The RED cells by id, readable without hovering (phone, keyboard): only parser has some.
    expect(page.match(/<details class="red-cells" data-key="red:parser">/g)).toHaveLength(1);
    expect(page).toContain(
      '<summary>2 RED cells</summary><ul><li><code>c2</code> <span class="dim">diff at line 3</span></li><li><code>c3</code></li></ul>',
    );
    const api = await json('/api/parity');
    expect(api).toMatchObject({ kind: 'ok', green: 3, red: 2, total: 5 });
    const modules = api.modules as {
      name: string;
      flipped: boolean;
      cells: { id: string; status: string }[];
    }[];
    expect(modules.map((module) => [module.name, module.flipped])).toEqual([
      ['lexer', true],
      ['parser', false],
    ]);
    expect(modules[1]?.cells.map((cell) => cell.status)).toEqual(['GREEN', 'RED', 'RED']);
  });

  it('pages a large matrix by whole modules (at most 5,000 cells a page), with the totals on every page', async () => {
    const cells = (count: number, status: string) =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`c${index}`, { status }]));
    writeParity(web, {
      alpha: { flipped: false, flipped_at: null, cells: cells(3000, 'GREEN') },
      beta: { flipped: false, flipped_at: null, cells: cells(3000, 'RED') },
      gamma: { flipped: true, flipped_at: null, cells: cells(1000, 'GREEN') },
    });
    const first = await text('/parity');
    expect(first).toContain('4000 GREEN');
    expect(first).toContain('3 modules; here 1-1');
    expect(first).toContain('page 1 of 2');
    expect(first).toContain('href="/parity?page=2"');
    expect(first.match(/class="cell cell-green"/g)).toHaveLength(3000);
    const second = await text('/parity?page=2');
    expect(second).toContain('3 modules; here 2-3, 1 of them flipped');
    expect(second.match(/class="cell cell-red"/g)).toHaveLength(3000);
    expect(second).toContain('href="/parity?page=1"');
    // Past the end shows the last page; a page that is not a number is refused.
    expect(await text('/parity?page=9')).toContain('page 2 of 2');
    expect((await web.request('/parity?page=x', { headers: { accept: 'text/html' } })).status).toBe(400);
    const api = await json('/api/parity?page=2');
    expect(api).toMatchObject({
      kind: 'ok',
      green: 4000,
      red: 3000,
      moduleCount: 3,
      page: 2,
      pages: 2,
      first: 1,
    });
    expect((api.modules as { name: string }[]).map((module) => module.name)).toEqual(['beta', 'gamma']);
  });

  it('says so when parity.json is corrupt instead of failing', async () => {
    writeParity(web, {});
    const { writeFileSync } = await import('node:fs');
    writeFileSync(web.workspace.paths.parity, '{ not json');
    expect(await text('/parity')).toContain('CORRUPT - parity.json');
    expect((await json('/api/parity')).kind).toBe('corrupt');
  });
});

describe('verdict timeline', () => {
  beforeEach(() => {
    appendVerdicts(
      web,
      verdict(1, 'lexer', 'ACCEPT'),
      verdict(2, 'parser', 'REVISE'),
      'this line is not json',
      verdict(3, 'parser', 'REVERT'),
      verdict(4, 'lexer', 'ACCEPT'),
      verdict(5, 'parser', 'ACCEPT'),
    );
  });

  it('lists newest first and pages backwards with the before cursor', async () => {
    const first = await json('/api/verdicts?limit=2');
    const entries = first.entries as { kind: string; verdict: { iter: number } }[];
    expect(entries.map((entry) => entry.verdict.iter)).toEqual([5, 4]);
    expect(typeof first.next_before).toBe('number');
    const second = await json(`/api/verdicts?limit=2&before=${first.next_before}`);
    const older = second.entries as { kind: string; verdict?: { iter: number }; text?: string }[];
    expect(older[0]?.verdict?.iter).toBe(3);
    expect(older[1]).toMatchObject({ kind: 'raw', text: 'this line is not json' });
    const last = await json(`/api/verdicts?limit=10&before=${second.next_before}`);
    expect((last.entries as unknown[]).length).toBe(2);
    expect(last.next_before).toBeNull();
  });

  it('filters by verdict and by module', async () => {
    const accepted = await json('/api/verdicts?verdict=accept');
    expect((accepted.entries as { verdict: { iter: number } }[]).map((entry) => entry.verdict.iter)).toEqual([
      5, 4, 1,
    ]);
    const parser = await json('/api/verdicts?module=parser&verdict=REVERT');
    expect((parser.entries as { verdict: { iter: number } }[]).map((entry) => entry.verdict.iter)).toEqual([
      3,
    ]);
    const page = await text('/verdicts?module=+lexer+');
    expect(page.match(/<tr data-offset/g)).toHaveLength(2);
    expect(page).toContain('value="lexer"');
  });

  it('a filter matching little of a big VERDICTS ends the page early instead of reading the whole file', async () => {
    const filler = `${JSON.stringify({ ...verdict(6, 'parser', 'ACCEPT'), reason: 'x'.repeat(500) })}\n`;
    appendVerdicts(web, filler.repeat(17_000).trimEnd(), verdict(7, 'lexer', 'REVERT'));
    const first = await json('/api/verdicts?module=lexer');
    const iters = (page: Record<string, unknown>) =>
      (page.entries as { verdict: { iter: number } }[]).map((entry) => entry.verdict.iter);
    expect(iters(first)).toEqual([7]);
    expect(first.partial).toBe(true);
    expect(first.next_before).toBeGreaterThan(0);
    const page = await text('/verdicts?module=lexer');
    expect(page).toContain('The page ends early');
    expect(page).toMatch(/href="\/verdicts\?module=lexer&amp;before=\d+"/);
    const rest = await json(`/api/verdicts?module=lexer&before=${first.next_before}`);
    expect(iters(rest)).toEqual([4, 1]);
    expect(rest.partial).toBe(false);
  });

  it('suggests the modules of parity.json in the module filter', async () => {
    writeParity(web, {
      zeta: { flipped: false, flipped_at: null, cells: {} },
      alpha: { flipped: false, flipped_at: null, cells: {} },
    });
    const page = await text('/verdicts');
    expect(page).toContain(
      '<datalist id="modules"><option value="alpha"></option><option value="zeta"></option></datalist>',
    );
  });

  it('renders colour-coded rows, raw lines as text, and an older link', async () => {
    const page = await text('/verdicts?limit=3');
    expect(page).toContain('class="verdict verdict-accept"');
    expect(page).toContain('class="verdict verdict-revert"');
    expect(page).toMatch(/href="\/verdicts\?limit=3&amp;before=\d+"/);
    expect(await text('/verdicts?limit=2&module=parser')).toMatch(
      /href="\/verdicts\?module=parser&amp;limit=2&amp;before=\d+">older/,
    );
    const all = await text('/verdicts');
    expect(all).toContain('(unparsed) this line is not json');
  });
});

describe('status API, assets and the event stream', () => {
  it('/api/status is the status model the CLI renders', async () => {
    appendVerdicts(web, verdict(4, 'lexer', 'ACCEPT'));
    const model = await json('/api/status');
    expect(model).toMatchObject({
      root: web.root,
      loop: { kind: 'uninitialized' },
      pause: { kind: 'running' },
    });
    expect(model.lastVerdict).toMatchObject({ kind: 'verdict', verdict: { iter: 4 } });
    expect(model.gpu).toEqual({ kind: 'absent' });
  });

  it('serves the page script, its shared event-stream worker and the stylesheet with their types', async () => {
    const script = await web.request('/assets/app.js');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('EventSource');
    const style = await web.request('/assets/app.css');
    expect(style.headers.get('content-type')).toContain('text/css');
    const worker = await web.request('/assets/live-worker.js');
    expect(worker.headers.get('content-type')).toContain('text/javascript');
    expect(await worker.text()).toContain("new EventSource('/api/events')");
  });

  it('/api/events is an event stream that greets first', async () => {
    const response = await web.request('/api/events');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('event: hello');
    await reader?.cancel();
  });
});

describe('unreadable runtime files', () => {
  it('an unreadable VERDICTS is a one-line 409 (never a 500) on its view; the status page still renders', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(web.workspace.paths.verdicts);
    const response = await web.request('/api/verdicts');
    expect(response.status).toBe(409);
    const { error } = (await response.json()) as { error: string };
    expect(error).toContain('VERDICTS');
    expect(error).not.toContain('\n');
    expect((await web.request('/')).status).toBe(200);
  });

  it('a docs/journey that is not a folder is named on the index, whose status still renders; its API is a 409 (never a 500)', async () => {
    const { rmSync, writeFileSync } = await import('node:fs');
    rmSync(web.workspace.paths.journeyDir, { recursive: true });
    writeFileSync(web.workspace.paths.journeyDir, 'not a folder\n');
    const page = await text('/');
    expect(page).toContain('<h2>Status</h2>');
    expect(page).toContain(`<p class="bad">cannot read ${web.workspace.paths.journeyDir}: ENOTDIR`);
    const api = await web.request('/api/journey');
    expect(api.status).toBe(409);
    expect((await api.json()).error).toMatch(/^cannot read .*docs\/journey: ENOTDIR/);
  });
});
