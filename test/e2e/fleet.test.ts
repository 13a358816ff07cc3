import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from '../helpers/cli.js';
import { registerLoop, writeFleetYaml, writeLoop } from '../helpers/fleet.js';
import { type ServeProcess, startServe } from '../helpers/serve.js';

const TOKEN_A = 'token-of-host-a-0123456789';
const TOKEN_B = 'token-of-host-b-9876543210';
const WRONG = 'not-the-token-of-b-5555';
const TIMEOUT_MS = 1500;

interface Row {
  name: string;
  host: string;
  source: string;
  reach: string;
  problem: string | null;
  state: string | null;
  pause: string | null;
  parity: { green: number; total: number } | null;
  lastVerdict: { verdict: string; ageMs: number } | null;
  heartbeat: { ageMs: number; stale: boolean } | null;
  spendTodayUsd: number | null;
  eta: string | null;
  attention: { rank: number; reason: string };
}

/** A server that accepts connections and never answers: a hung host. */
function silentServer(): Promise<{ server: Server; port: number; close: () => void }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        server,
        port: typeof address === 'object' && address !== null ? address.port : 0,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      });
    }),
  );
}

describe('autoswe fleet over three local loops and two remote serve processes', () => {
  let scratch: { dir: string; cleanup: () => void };
  let home: string;
  let hostA: ServeProcess;
  let hostB: ServeProcess;
  let silent: Awaited<ReturnType<typeof silentServer>>;

  const fleet = (args: string[] = []) =>
    runCli(['fleet', '--timeout', String(TIMEOUT_MS), ...args], {
      cwd: scratch.dir,
      env: { HOME: home, XDG_CONFIG_HOME: '', XDG_RUNTIME_DIR: '', TOKEN_OF_B: TOKEN_B },
    });
  const rowsOf = async (): Promise<{ rows: Row[]; output: string }> => {
    const result = await fleet(['--json']);
    expect(result.code, result.stderr).toBe(0);
    return { rows: JSON.parse(result.stdout).rows, output: result.stdout + result.stderr };
  };

  beforeAll(async () => {
    scratch = tempDir();
    home = join(scratch.dir, 'home');
    const local = (name: string, loop: Parameters<typeof writeLoop>[1]) => {
      const root = join(scratch.dir, name);
      writeLoop(root, loop);
      registerLoop(home, name, root);
    };
    local('wedged', {
      status: 'WEDGE_PAUSED',
      reason: 'no heartbeat for 20 min',
      heartbeatAgeMs: 20 * 60_000,
    });
    local('stale', { status: 'RUNNING', heartbeatAgeMs: 60 * 60_000, green: 1, total: 5 });
    local('healthy', {
      status: 'RUNNING',
      heartbeatAgeMs: 5_000,
      green: 3,
      total: 5,
      verdict: { verdict: 'ACCEPT', ageMs: 120_000 },
    });
    // The remote hosts: their own workspaces, their own HOME, served on other loopback addresses.
    const remoteHome = join(scratch.dir, 'remote-home');
    mkdirSync(remoteHome);
    const remoteA = join(scratch.dir, 'remote-a');
    writeLoop(remoteA, { status: 'RUNNING', pause: 'hard', heartbeatAgeMs: 1_000, green: 1, total: 4 });
    const remoteB = join(scratch.dir, 'remote-b');
    writeLoop(remoteB, {
      status: 'DONE',
      green: 4,
      total: 4,
      verdict: { verdict: 'ACCEPT', ageMs: 3_600_000 },
    });
    const remoteEnv = { HOME: remoteHome, XDG_RUNTIME_DIR: '' };
    [hostA, hostB] = await Promise.all([
      startServe(['--host', '127.0.0.2', '--port', '0', '--token', TOKEN_A], {
        cwd: remoteA,
        env: remoteEnv,
      }),
      startServe(['--host', '127.0.0.3', '--port', '0', '--token', TOKEN_B], {
        cwd: remoteB,
        env: remoteEnv,
      }),
    ]);
    silent = await silentServer();
    writeFileSync(join(scratch.dir, 'token-a'), `${TOKEN_A}\n`);
    writeFleetYaml(
      home,
      [
        `- name: remote-a`,
        `  url: ${hostA.url}`,
        `  token_file: ${join(scratch.dir, 'token-a')}`,
        `- name: remote-b`,
        `  url: ${hostB.url}/`,
        `  token_env: TOKEN_OF_B`,
        `- name: wrong-token`,
        `  url: ${hostB.url}`,
        `  token: ${WRONG}`,
        `- name: slow`,
        `  url: http://127.0.0.1:${silent.port}`,
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await hostA?.stop();
    await hostB?.stop();
    silent?.close();
    scratch?.cleanup();
  });

  it('shows every loop, most urgent first, read from files and from each host', async () => {
    const { rows, output } = await rowsOf();
    expect(rows.map((row) => row.name)).toEqual([
      'wedged',
      'remote-a',
      'stale',
      'slow',
      'wrong-token',
      'healthy',
      'remote-b',
    ]);
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(byName.wedged).toMatchObject({
      source: 'local',
      reach: 'ok',
      state: 'WEDGE_PAUSED',
      pause: 'wedge',
    });
    expect(byName.wedged?.attention.reason).toBe('wedged');
    expect(byName.stale).toMatchObject({
      state: 'RUNNING',
      heartbeat: { stale: true },
      parity: { green: 1, total: 5 },
    });
    expect(byName.stale?.attention.reason).toBe('stale heartbeat');
    expect(byName.healthy).toMatchObject({
      state: 'RUNNING',
      pause: 'running',
      parity: { green: 3, total: 5 },
      lastVerdict: { verdict: 'ACCEPT' },
      heartbeat: { stale: false },
      spendTodayUsd: 0, // no session today: nothing spent
      eta: null,
    });
    expect(byName.healthy?.lastVerdict?.ageMs).toBeGreaterThanOrEqual(120_000);
    expect(byName['remote-a']).toMatchObject({
      source: 'remote',
      host: hostA.url.replace('http://', ''),
      reach: 'ok',
      state: 'RUNNING',
      pause: 'hard',
      parity: { green: 1, total: 4 },
    });
    expect(byName['remote-b']).toMatchObject({ reach: 'ok', state: 'DONE', parity: { green: 4, total: 4 } });
    expect(byName['wrong-token']).toMatchObject({ reach: 'refused', state: null });
    expect(byName['wrong-token']?.problem).toContain('the token was refused (HTTP 401)');
    expect(byName.slow).toMatchObject({ reach: 'timeout' });
    expect(byName.slow?.problem).toBe(`no answer from 127.0.0.1:${silent.port} within ${TIMEOUT_MS} ms`);
    for (const token of [TOKEN_A, TOKEN_B, WRONG]) expect(output).not.toContain(token);
  });

  it('the text table has a parity bar, ages, and says why a host could not be read, tokens never shown', async () => {
    const result = await fleet();
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('fleet 7 loops (3 local, 4 remote); 5 need attention');
    expect(lines[1]).toMatch(/^NAME\s+HOST\s+STATE\s+PAUSE\s+PARITY\s+VERDICT\s+HEARTBEAT\s+SPEND\s+ETA$/);
    expect(result.stdout).toMatch(
      /healthy\s+\S+\s+RUNNING\s+-\s+3\/5 ██████░░░░\s+ACCEPT 2m \d\ds\s+\d+s\s+\$0\.00\s+-/,
    );
    expect(result.stdout).toMatch(/stale\s+\S+\s+RUNNING\s+-\s+1\/5 ██░░░░░░░░\s+-\s+1h 00m stale/);
    expect(result.stdout).toMatch(
      /wrong-token\s+127\.0\.0\.3:\d+\s+REFUSED\s+127\.0\.0\.3:\d+: the token was refused \(HTTP 401\)/,
    );
    expect(result.stdout).toMatch(/slow\s+127\.0\.0\.1:\d+\s+TIMEOUT\s+no answer/);
    for (const token of [TOKEN_A, TOKEN_B, WRONG]) expect(result.stdout + result.stderr).not.toContain(token);
  });

  it('a host that went away is shown unreachable in its row; the others are read as before', async () => {
    await hostA.stop('SIGKILL');
    const { rows } = await rowsOf();
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(byName['remote-a']).toMatchObject({ reach: 'unreachable', state: null });
    expect(byName['remote-a']?.problem).toMatch(/^127\.0\.0\.2:\d+: connection refused \(ECONNREFUSED\)$/);
    expect(byName['remote-b']).toMatchObject({ reach: 'ok', state: 'DONE' });
    expect(byName.slow?.reach).toBe('timeout');
    expect(byName.healthy?.reach).toBe('ok');
    expect(rows[0]?.name).toBe('wedged');
  });

  it('--json --watch prints one fleet a line until stopped', async () => {
    const child = spawn(process.execPath, [BIN, 'fleet', '--json', '--watch', '1', '--timeout', '300'], {
      cwd: scratch.dir,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: '', XDG_RUNTIME_DIR: '', TOKEN_OF_B: TOKEN_B },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    const deadline = Date.now() + 15_000;
    while (out.split('\n').filter(Boolean).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const closed = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGINT');
    expect(await closed).toBe(0);
    const documents = out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(documents.length).toBeGreaterThanOrEqual(2);
    expect(documents[0].rows[0].name).toBe('wedged');
  });
});

describe('fleet.yaml is checked, each problem one line, no token ever printed', () => {
  let scratch: { dir: string; cleanup: () => void };
  beforeAll(() => {
    scratch = tempDir();
  });
  afterAll(() => scratch.cleanup());
  const fleet = (yaml: string, env: NodeJS.ProcessEnv = {}) => {
    const home = join(scratch.dir, `home-${Math.random().toString(36).slice(2)}`);
    const file = writeFleetYaml(home, yaml);
    return runCli(['fleet'], {
      cwd: scratch.dir,
      env: { HOME: home, XDG_CONFIG_HOME: '', XDG_RUNTIME_DIR: '', ...env },
    }).then((result) => ({ ...result, file }));
  };

  it('names every bad entry and key at once, exit 2', async () => {
    const secret = 'super-secret-token-123';
    const result = await fleet(
      [
        '- name: a',
        '  url: ftp://host',
        '  token: 42',
        '- name: a',
        `  url: http://user:${secret}@host:8765`,
        '- name: "bad name"',
        '  url: http://host:1',
        '  tokn: x',
        `  token: ${secret}`,
        '  token_env: X',
        '- just a string',
        '- name: e',
        '  url: http://host:2',
        '  token: tiny1',
        '- name: f',
        '  url: http://host:3',
        '  token_env: NOT_SET_ANYWHERE',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(2);
    const f = result.file;
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `autoswe: ${f}: [0].url: expected an http:// or https:// URL, got "ftp://host"`,
      `autoswe: ${f}: [0].token: expected a string, got a value not shown (tokens are never printed)`,
      `autoswe: ${f}: [1].name: 'a' is listed twice; each name once`,
      `autoswe: ${f}: [1].url: expected a URL without user, password, query or fragment (the token goes in token, token_file or token_env), got a value not shown (tokens are never printed)`,
      `autoswe: ${f}: [2].tokn: unknown key; the keys are name, url, token, token_file, token_env`,
      `autoswe: ${f}: [2].name: expected a name (1 to 64 letters (a-z, A-Z), digits, '.', '_' or '-', starting with a letter or digit), got "bad name"`,
      `autoswe: ${f}: [2].token/token_env: give one of token, token_file, token_env, not 2`,
      `autoswe: ${f}: [3]: expected a mapping {name, url, token}, got "just a string"`,
      `autoswe: ${f}: [4].token: expected a token of at least 8 characters (as serve requires), got a shorter one (not shown)`,
      `autoswe: ${f}: [5].token_env: the environment variable NOT_SET_ANYWHERE is not set`,
    ]);
    expect(result.stderr).not.toContain(secret);
    expect(result.stderr).not.toContain('tiny1');
  });

  it('not a list, or not YAML, is one line; no file at all is no remote loops', async () => {
    const mapping = await fleet('hosts: []\n');
    expect(mapping.code).toBe(2);
    expect(mapping.stderr).toBe(
      `autoswe: ${mapping.file}: (top level): expected a list of {name, url, token}, got a mapping\n`,
    );
    const broken = await fleet('- name: [\n');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^autoswe: \S+fleet\.yaml: not valid YAML: /);
    const none = await runCli(['fleet', '--json'], {
      cwd: scratch.dir,
      env: { HOME: join(scratch.dir, 'empty-home'), XDG_CONFIG_HOME: '', XDG_RUNTIME_DIR: '' },
    });
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout).rows).toEqual([]);
  });

  it('a broken registry entry is a row saying what is wrong, not a failure', async () => {
    const home = join(scratch.dir, 'broken-home');
    registerLoop(home, 'gone', join(scratch.dir, 'no-such-workspace'));
    const result = await runCli(['fleet', '--json'], {
      cwd: scratch.dir,
      env: { HOME: home, XDG_CONFIG_HOME: '', XDG_RUNTIME_DIR: '' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).rows).toEqual([
      expect.objectContaining({
        name: 'gone',
        reach: 'broken',
        problem: expect.stringContaining('which no longer exists'),
      }),
    ]);
  });
});
