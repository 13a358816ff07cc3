import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceUnits } from '../../src/core/service/unit-names.js';
import { renderUnit } from '../../src/core/service/units.js';
import { BIN, runCli, tempDir } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { childPids, watchesFiles } from '../helpers/processes.js';
import { startUserManager, type UserManager, userManagerSupport } from '../helpers/systemd.js';

const support = userManagerSupport();
const skip = componentMissing('systemd --user', support.available, support.reason);
const MARKER = `autoswe-instances-${process.pid}-${Date.now()}`;
const NAMES = ['alpha', 'beta', 'gamma'] as const;

/** A model proxy stand-in: answers GET /health with 200. */
function healthServer(): Promise<Server> {
  const server = createServer((request, response) => {
    response.writeHead(request.url === '/health' ? 200 : 404).end('ok');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function eventually<T>(
  probe: () => Promise<T> | T,
  ok: (value: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await probe();
  }
  return value;
}

/**
 * A stand-in loop behind the real ExecStartPre (lease-ready): it says where it runs, then logs each change
 * of its workspace's PAUSE sentinel, so pausing one workspace shows in that one's journal only. `%i` is
 * systemd's: each instance prints its own name.
 */
const STAND_IN = `ExecStart="@AUTOSWE_NODE@" -e "const fs = require('fs'); let last = null; console.log('${MARKER} %i up cwd=' + process.cwd()); setInterval(() => { const paused = fs.existsSync('.autoswe/PAUSE'); if (paused !== last) { console.log('${MARKER} %i ' + (paused ? 'paused' : 'running')); last = paused; } }, 100)"`;

function withStandIn(root: string): void {
  const path = join(root, 'deploy', 'autoswe@.service');
  writeFileSync(path, readFileSync(path, 'utf8').replace(/^ExecStart=.*$/m, STAND_IN));
}

describe.skipIf(skip)('three workspaces through the template units on one user manager', () => {
  let manager: UserManager;
  let proxy: Server;
  let scratch: { dir: string; cleanup: () => void };
  const roots: Record<string, string> = {};

  const cli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
    runCli(args, { cwd, env: { ...manager.env, ...env }, timeoutMs: 60_000 });
  const active = (name: string) => manager.systemctl('is-active', instanceUnits(name).service).stdout.trim();
  const states = () => Object.fromEntries(NAMES.map((name) => [name, active(name)]));
  const logsOf = (name: string) => cli(['logs', '--no-follow', '-n', '200'], roots[name] as string);

  beforeAll(async () => {
    manager = await startUserManager();
    proxy = await healthServer();
    scratch = tempDir();
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    for (const name of NAMES) {
      const root = join(scratch.dir, name);
      const init = await runCli(['init', root]);
      if (init.code !== 0) throw new Error(init.stderr);
      appendFileSync(join(root, 'autoswe.yaml'), `\nproxy:\n  base: ${base}\n`);
      withStandIn(root);
      roots[name] = root;
    }
  });

  afterAll(async () => {
    await manager?.stop();
    proxy?.close();
    scratch?.cleanup();
  });

  it('install-units in each registers it under its name; the shared template units are written once', async () => {
    const outcomes = [];
    for (const name of NAMES) {
      const result = await cli(['install-units', '--json'], roots[name] as string);
      expect(result.code, result.stderr).toBe(0);
      outcomes.push(JSON.parse(result.stdout));
    }
    expect(outcomes.map((outcome) => outcome.name)).toEqual([...NAMES]);
    expect(outcomes[0].units.every((unit: { action: string }) => unit.action === 'create')).toBe(true);
    expect(outcomes[1].units.every((unit: { action: string }) => unit.action === 'unchanged')).toBe(true);
    const registry = join(manager.home, '.config', 'autoswe', 'workspaces');
    for (const name of NAMES) expect(readlinkSync(join(registry, name))).toBe(roots[name]);
    expect(states()).toEqual({ alpha: 'inactive', beta: 'inactive', gamma: 'inactive' });
  });

  it('each starts on its own, runs in its own folder, and shows in its own status and logs', async () => {
    const started = await cli(['start'], roots.alpha as string);
    expect(started.code, started.stderr).toBe(0);
    expect(states()).toEqual({ alpha: 'active', beta: 'inactive', gamma: 'inactive' });
    for (const name of ['beta', 'gamma']) expect((await cli(['start'], roots[name] as string)).code).toBe(0);
    expect(states()).toEqual({ alpha: 'active', beta: 'active', gamma: 'active' });
    for (const name of NAMES) {
      const logs = await eventually(
        () => logsOf(name),
        (result) => result.stdout.includes(`${MARKER} ${name} up cwd=${roots[name]}\n`),
      );
      expect(logs.stdout).toContain(`${MARKER} ${name} up cwd=${roots[name]}\n`);
      // Its own journal only: no other instance's lines.
      for (const other of NAMES.filter((item) => item !== name))
        expect(logs.stdout).not.toContain(`${MARKER} ${other} `);
      const status = JSON.parse((await cli(['status', '--json'], roots[name] as string)).stdout);
      expect(status.service).toMatchObject({
        kind: 'ok',
        name,
        root: roots[name],
        service: { active: 'active' },
      });
    }
  });

  it('a pause in one workspace holds that one only, and its followed logs show it', async () => {
    const follower = spawn(process.execPath, [BIN, 'logs', '-n', '0'], {
      cwd: roots.beta,
      env: { ...process.env, NO_COLOR: '1', AUTOSWE_REPO_ROOT: '', ...manager.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let followed = '';
    follower.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      followed += chunk;
    });
    // Once its journalctl watches the journal, a line written now is one it follows.
    await expect.poll(() => childPids(follower.pid ?? 0).some(watchesFiles), { timeout: 10_000 }).toBe(true);
    expect((await cli(['pause', '-m', 'held for the test'], roots.beta as string)).code).toBe(0);
    await eventually(
      () => followed,
      (text) => text.includes(`${MARKER} beta paused`),
    );
    expect(followed).toContain(`${MARKER} beta paused`);
    // Restarting another workspace writes nothing into beta's followed journal.
    expect((await cli(['restart'], roots.alpha as string)).code).toBe(0);
    await eventually(
      () => logsOf('alpha'),
      (result) => (result.stdout.match(new RegExp(`${MARKER} alpha up`, 'g')) ?? []).length >= 2,
    );
    expect(followed).not.toContain(`${MARKER} alpha`);
    const ended = new Promise((resolve) => follower.once('close', resolve));
    follower.kill('SIGINT');
    expect(await ended).toBe(0);

    const pauses = await Promise.all(
      NAMES.map(
        async (name) =>
          JSON.parse((await cli(['status', '--json'], roots[name] as string)).stdout).pause.kind,
      ),
    );
    expect(pauses).toEqual(['running', 'soft', 'running']);
    for (const name of ['alpha', 'gamma']) expect((await logsOf(name)).stdout).not.toContain('paused');
    expect((await cli(['resume'], roots.beta as string)).code).toBe(0);
  });

  it('each stops on its own; stop --all and start --all act on every registered workspace', async () => {
    expect((await cli(['stop'], roots.gamma as string)).code).toBe(0);
    expect(states()).toEqual({ alpha: 'active', beta: 'active', gamma: 'inactive' });
    const stopped = await cli(['stop', '--all', '--json'], scratch.dir);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(JSON.parse(stopped.stdout).instances.map((instance: { name: string }) => instance.name)).toEqual([
      ...NAMES,
    ]);
    expect(states()).toEqual({ alpha: 'inactive', beta: 'inactive', gamma: 'inactive' });
    const started = await cli(['start', '--all'], scratch.dir);
    expect(started.code, started.stderr).toBe(0);
    for (const name of NAMES) expect(started.stdout).toContain(`${name}: started`);
    expect(states()).toEqual({ alpha: 'active', beta: 'active', gamma: 'active' });
    for (const name of NAMES) {
      const units = instanceUnits(name);
      expect(manager.systemctl('is-active', units.watchdogTimer).stdout.trim()).toBe('active');
    }
  });

  it('status --all and logs --all show every workspace, each line naming its own', async () => {
    const all = JSON.parse((await cli(['status', '--all', '--json'], scratch.dir)).stdout);
    expect(all.workspaces.map((entry: { name: string }) => entry.name)).toEqual([...NAMES]);
    expect(all.workspaces.map((entry: { status: { root: string } }) => entry.status.root)).toEqual(
      NAMES.map((name) => roots[name]),
    );
    const logs = await eventually(
      () => cli(['logs', '--all', '--no-follow', '-n', '400'], scratch.dir),
      (result) => NAMES.every((name) => result.stdout.includes(`[${name}] `)),
    );
    for (const name of NAMES) expect(logs.stdout).toMatch(new RegExp(`\\[${name}\\] .*${MARKER} ${name} up`));
  });

  it("removing one workspace's units stops only that one; the others keep running", async () => {
    const removed = await cli(['uninstall-units'], roots.beta as string);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('stopped autoswe@beta.service and its timers (it was running');
    expect(removed.stdout).toContain('kept the template units');
    expect(states()).toEqual({ alpha: 'active', beta: 'inactive', gamma: 'active' });
    expect(existsSync(join(manager.home, '.config', 'autoswe', 'workspaces', 'beta'))).toBe(false);
    expect(existsSync(join(manager.unitDir, 'autoswe@.service'))).toBe(true);
    const status = JSON.parse((await cli(['status', '--json'], roots.beta as string)).stdout);
    expect(status.service).toEqual({ kind: 'unregistered', legacy: false });
    // Not registered any more, beta is out of --all.
    const stopped = await cli(['stop', '--all', '--json'], scratch.dir);
    expect(JSON.parse(stopped.stdout).instances.map((instance: { name: string }) => instance.name)).toEqual([
      'alpha',
      'gamma',
    ]);
    expect(states()).toEqual({ alpha: 'inactive', beta: 'inactive', gamma: 'inactive' });
  });
});

/** The fixed-name units an older autoswe's install-units wrote for `root`, marked and digested as it did. */
function writeLegacyUnits(unitDir: string, root: string, node: string): void {
  const units: Record<string, string> = {
    'autoswe.service': `[Unit]\nDescription=autoswe loop for ${root}\n[Service]\nWorkingDirectory=${root}\nExecStart="${node}" -e "console.log('${MARKER} legacy up'); setInterval(() => {}, 1000)"\nKillMode=mixed\n[Install]\nWantedBy=default.target\n`,
    'autoswe-watchdog.service': `[Service]\nType=oneshot\nWorkingDirectory=${root}\nExecStart=/bin/true\n`,
    'autoswe-watchdog.timer': '[Timer]\nOnActiveSec=1min\nUnit=autoswe-watchdog.service\n',
    'autoswe-meta-judge.service': `[Service]\nType=oneshot\nWorkingDirectory=${root}\nExecStart=/bin/true\n`,
    'autoswe-meta-judge.timer': '[Timer]\nOnCalendar=hourly\nUnit=autoswe-meta-judge.service\n',
  };
  for (const [name, text] of Object.entries(units)) {
    const rendered = renderUnit(
      { name, path: `/old/deploy/${name}`, text },
      { registry: '/unused', node, cli: '/unused' },
    );
    writeFileSync(join(unitDir, name), rendered);
  }
}

describe.skipIf(skip)('install-units moves a workspace off the fixed-name units of an older autoswe', () => {
  let manager: UserManager;
  let proxy: Server;
  let scratch: { dir: string; cleanup: () => void };
  const cli = (args: string[], cwd: string) => runCli(args, { cwd, env: manager.env, timeoutMs: 60_000 });
  const activeState = (unit: string) => manager.systemctl('is-active', unit).stdout.trim();
  const loadState = (unit: string) =>
    manager.systemctl('show', unit, '-p', 'LoadState', '--value').stdout.trim();

  beforeAll(async () => {
    manager = await startUserManager();
    proxy = await healthServer();
    scratch = tempDir();
  });
  afterAll(async () => {
    await manager?.stop();
    proxy?.close();
    scratch?.cleanup();
  });

  async function workspace(name: string): Promise<string> {
    const root = join(scratch.dir, name);
    const init = await runCli(['init', root]);
    if (init.code !== 0) throw new Error(init.stderr);
    appendFileSync(
      join(root, 'autoswe.yaml'),
      `\nproxy:\n  base: http://127.0.0.1:${(proxy.address() as AddressInfo).port}\n`,
    );
    withStandIn(root);
    return root;
  }

  it('a running, enabled old service: stopped, disabled, removed, then the new instance started, each step said', async () => {
    const root = await workspace('legacy-ws');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(manager.unitDir, { recursive: true });
    writeLegacyUnits(manager.unitDir, root, process.execPath);
    expect(manager.systemctl('daemon-reload').code).toBe(0);
    expect(manager.systemctl('enable', 'autoswe.service').code).toBe(0);
    expect(
      manager.systemctl('start', 'autoswe.service', 'autoswe-watchdog.timer', 'autoswe-meta-judge.timer')
        .code,
    ).toBe(0);
    expect(activeState('autoswe.service')).toBe('active');
    // Before: status says what is there and what to run.
    const before = await cli(['status'], root);
    expect(before.stdout).toMatch(
      /service\s+fixed-name units of an older autoswe \('autoswe install-units' moves them/,
    );

    const result = await cli(['install-units'], root);
    expect(result.code, result.stderr).toBe(0);
    const steps = result.stdout.slice(result.stdout.indexOf('migrating from the fixed-name units:'));
    const expected = [
      'stopped autoswe.service and its timers (it was running; it starts again as the new instance)',
      'disabled autoswe.service',
      `removed ${join(manager.unitDir, 'autoswe.service')}`,
      `removed ${join(manager.unitDir, 'autoswe-meta-judge.timer')}`,
      'ran systemctl --user daemon-reload',
    ];
    let at = 0;
    for (const line of expected) {
      const found = steps.indexOf(line, at);
      expect(found, `${line}\nin\n${steps}`).toBeGreaterThan(-1);
      at = found;
    }
    expect(result.stdout).toContain(
      'started autoswe@legacy-ws.service and its timers, since the old service was running',
    );
    expect(result.stdout).toContain(
      'the old units were enabled; to enable these: systemctl --user enable autoswe@legacy-ws.service autoswe-watchdog@legacy-ws.timer autoswe-meta-judge@legacy-ws.timer',
    );
    for (const unit of ['autoswe.service', 'autoswe-watchdog.timer', 'autoswe-meta-judge.service']) {
      expect(existsSync(join(manager.unitDir, unit))).toBe(false);
      expect(loadState(unit)).toBe('not-found');
    }
    expect(activeState('autoswe@legacy-ws.service')).toBe('active');
    expect(activeState('autoswe-watchdog@legacy-ws.timer')).toBe('active');
    // Never two at once: the old one had stopped before the new one started.
    const journal = await eventually(
      () =>
        runCli(['logs', '--no-follow', '-n', '400'], { cwd: root, env: manager.env }).then(
          (logs) => logs.stdout,
        ),
      (text) => text.includes(`${MARKER} legacy-ws up`),
    );
    expect(journal).toContain(`${MARKER} legacy-ws up`);
    const { execFileSync } = await import('node:child_process');
    const both = execFileSync(
      'journalctl',
      [
        '--user-unit=autoswe.service',
        '--user-unit=autoswe@legacy-ws.service',
        '--no-pager',
        '-q',
        '-o',
        'cat',
      ],
      { env: { ...process.env, ...manager.env }, encoding: 'utf8' },
    );
    const oldStopped = both.lastIndexOf(`Stopped autoswe.service - autoswe loop for ${root}.`);
    const newStarted = both.lastIndexOf('Started autoswe@legacy-ws.service - autoswe loop legacy-ws.');
    expect(oldStopped).toBeGreaterThan(-1);
    expect(newStarted).toBeGreaterThan(oldStopped);
    expect((await cli(['stop'], root)).code).toBe(0);
  });

  it('an old service that was not running: removed, and nothing is started', async () => {
    const root = await workspace('quiet-ws');
    writeLegacyUnits(manager.unitDir, root, process.execPath);
    expect(manager.systemctl('daemon-reload').code).toBe(0);
    const result = await cli(['install-units', '--json'], root);
    expect(result.code, result.stderr).toBe(0);
    const outcome = JSON.parse(result.stdout);
    expect(outcome.migration).toMatchObject({ from: 'fixed-name units', started: false, failed: null });
    expect(outcome.migration.steps[0]).toBe('stopped autoswe.service and its timers (it was not running)');
    expect(activeState('autoswe@quiet-ws.service')).toBe('inactive');
    expect(existsSync(join(manager.unitDir, 'autoswe.service'))).toBe(false);
  });

  it('old units that run another workspace still there are refused, naming it, and nothing is written', async () => {
    const owner = await workspace('owner-ws');
    const other = await workspace('other-ws');
    writeLegacyUnits(manager.unitDir, owner, process.execPath);
    const result = await cli(['install-units'], other);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `autoswe: the fixed-name units of an older autoswe run ${owner}, not this workspace; run 'autoswe install-units' there first to move them onto its own instance; nothing was written\n`,
    );
    expect(existsSync(join(manager.home, '.config', 'autoswe', 'workspaces', 'other-ws'))).toBe(false);
    expect(existsSync(join(manager.unitDir, 'autoswe.service'))).toBe(true);
  });
});
