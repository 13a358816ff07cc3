import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initWorkspace, runCli } from '../helpers/cli.js';

const servers: Server[] = [];
const sockets: Socket[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('status, pause and resume end to end', () => {
  let root: string;
  let cleanup = () => {};
  const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(argv, { cwd: root, env });
  const pauseLine = async () => /^pause\s+(.*)$/m.exec((await run(['status'])).stdout)?.[1];

  beforeEach(async () => {
    const ws = await initWorkspace();
    root = ws.root;
    cleanup = ws.cleanup;
  });
  afterEach(async () => {
    cleanup();
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
  });

  it('pause and resume are idempotent and status shows the sentinel text', async () => {
    expect(await pauseLine()).toBe('running');
    const first = await run(['pause', '-m', 'lunch break'], { USER: 'ann' });
    expect(first.code).toBe(0);
    const sentinel = readFileSync(join(root, '.autoswe', 'PAUSE'), 'utf8');
    expect(sentinel).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ann: lunch break\n$/);
    const again = await run(['pause', '-m', 'other reason'], { USER: 'bob' });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already paused');
    expect(readFileSync(join(root, '.autoswe', 'PAUSE'), 'utf8')).toBe(sentinel);
    expect(await pauseLine()).toBe(`SOFT PAUSED - ${sentinel.trim()}`);

    expect((await run(['resume'])).stdout).toBe('resumed (removed PAUSE)\n');
    const second = await run(['resume']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('not paused; nothing to do\n');
    expect(await pauseLine()).toBe('running');
  });

  it('a PAUSE made by hand shows on one line: empty says so, several lines are joined', async () => {
    writeFileSync(join(root, '.autoswe', 'PAUSE'), '');
    expect(await pauseLine()).toBe('SOFT PAUSED - (empty file, no reason given)');
    expect((await run(['pause'])).stdout).toBe('already paused: (empty file, no reason given)\n');
    writeFileSync(join(root, '.autoswe', 'PAUSE'), 'deploying the proxy\n  back by 14:00\n');
    expect(await pauseLine()).toBe('SOFT PAUSED - deploying the proxy back by 14:00');
  });

  it('pause --hard shows HARD PAUSED, and resume clears both sentinels', async () => {
    expect((await run(['pause', '--hard', '-m', 'incident'])).code).toBe(0);
    expect(await pauseLine()).toBe('HARD PAUSED');
    expect(readFileSync(join(root, '.autoswe', 'PAUSE_HARD'), 'utf8')).toContain(': incident');
    const json = JSON.parse((await run(['status', '--json'])).stdout);
    expect(json.pause.kind).toBe('hard');
    expect(json.sentinels.soft).toContain(': incident');
    expect(JSON.parse((await run(['resume', '--json'])).stdout)).toEqual({
      removed: ['PAUSE', 'PAUSE_HARD'],
      retry: false,
    });
    expect(await pauseLine()).toBe('running');
  });

  it('a wedged loop with PAUSE shows WEDGE-PAUSED with the reason from state.json', async () => {
    await run(['state-merge', '{"status":"WEDGE_PAUSED","reason":"heartbeat 20m old"}']);
    await run(['pause', '-m', 'watchdog']);
    expect(await pauseLine()).toBe('WEDGE-PAUSED - heartbeat 20m old');
  });

  it('shows loop state, parity counts, heartbeat age, last verdict, pending rules and "no GPU"', async () => {
    const runtime = join(root, '.autoswe');
    await run([
      'state-merge',
      '{"status":"RUNNING","epoch":1,"iter":12,"module":"parser","vertex":"verify"}',
    ]);
    writeFileSync(
      join(runtime, 'parity.json'),
      JSON.stringify({
        modules: {
          parser: {
            flipped: false,
            flipped_at: null,
            cells: { a: { status: 'GREEN' }, b: { status: 'RED' } },
          },
          lexer: { flipped: true, flipped_at: 't', cells: { c: { status: 'GREEN' } } },
        },
      }),
    );
    const at = new Date(Date.now() - 125_000).toISOString();
    writeFileSync(
      join(runtime, 'HEARTBEAT'),
      JSON.stringify({ at, pid: 42, run: 'r', epoch: 1, iter: 12, vertex: 'verify' }),
    );
    writeFileSync(
      join(runtime, 'VERDICTS'),
      `${JSON.stringify({ at, epoch: 1, iter: 11, module: 'parser', verdict: 'REVERT', reason: 'regressed', green_before: 2, green_after: 1 })}\n`,
    );
    writeFileSync(
      join(runtime, 'RULES_QUEUE'),
      `${JSON.stringify({ type: 'proposal', id: 'r-1', at, kind: 'additive', text: 't', rationale: '', target: null, source: 'meta-judge' })}\n`,
    );
    const result = await run(['status'], { PATH: '/usr/bin:/bin' });
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^loop\s+RUNNING {2}epoch 1 {2}iter 12 {2}module parser {2}vertex verify$/m);
    expect(out).toMatch(/^parity\s+2 GREEN \/ 1 RED .* 66% {2}\(2 modules, 1 flipped\)$/m);
    expect(out).toMatch(/^heartbeat\s+2m 0[5-9]s ago {2}\(vertex verify, pid 42\)$/m);
    expect(out).toMatch(/^verdict\s+.*e1\/i11\s+parser\s+REVERT 2→1 {2}regressed$/m);
    expect(out).toMatch(/^rules\s+1 pending \(1 auto-applicable, 0 need approval\)$/m);
    expect(out).toMatch(/^gpu\s+no GPU$/m);
    const json = JSON.parse((await run(['status', '--json'])).stdout);
    expect(json.parity).toMatchObject({ kind: 'ok', green: 2, red: 1, total: 3 });
    expect(json.gpu).toEqual({ kind: 'absent' });
    expect(json.lastVerdict.verdict.verdict).toBe('REVERT');
  });

  it('probes the proxy named by AUTOSWE_PROXY_BASE, else proxy.base in autoswe.yaml', async () => {
    const healthy = await listen(createHttpServer((_req, res) => res.writeHead(200).end('ok')));
    const result = await run(['status'], { AUTOSWE_PROXY_BASE: healthy });
    expect(result.stdout).toMatch(new RegExp(`^proxy\\s+${healthy} healthy \\(\\d+ ms\\)$`, 'm'));

    const failing = await listen(createHttpServer((_req, res) => res.writeHead(503).end()));
    writeFileSync(
      join(root, 'autoswe.yaml'),
      `${readFileSync(join(root, 'autoswe.yaml'), 'utf8')}\nproxy:\n  base: ${failing}\n`,
    );
    const json = JSON.parse((await run(['status', '--json'])).stdout);
    expect(json.proxy).toMatchObject({
      base: failing,
      source: 'autoswe.yaml',
      health: { kind: 'unhealthy', statusCode: 503 },
    });
  });

  it('still finishes, at its 1 s probe timeout, when the proxy accepts connections and never answers', async () => {
    const blackhole = await listen(createServer((socket) => sockets.push(socket)));
    const result = await run(['status', '--json'], { AUTOSWE_PROXY_BASE: blackhole });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).proxy.health).toEqual({
      kind: 'unreachable',
      error: 'no answer within 1000 ms',
    });
  });
});
