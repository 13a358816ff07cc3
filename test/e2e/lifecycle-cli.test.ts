import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initWorkspace, runCli, tempDir } from '../helpers/cli.js';

/** A PATH holding only the given fake programs (shell scripts). */
function fakePath(dir: string, programs: Record<string, string>): string {
  const bin = join(dir, 'fake-bin');
  mkdirSync(bin, { recursive: true });
  for (const [name, script] of Object.entries(programs)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  }
  return bin;
}

describe('lifecycle commands without a user manager', () => {
  let ws: { root: string; cleanup: () => void };
  let scratch: { dir: string; cleanup: () => void };
  /** A private HOME: the registry and the unit folder of these tests, never the real ones. */
  let home: string;
  let name: string;
  beforeEach(async () => {
    ws = await initWorkspace();
    name = basename(ws.root);
    scratch = tempDir();
    home = join(scratch.dir, 'home');
  });
  afterEach(() => {
    ws.cleanup();
    scratch.cleanup();
  });
  const registry = () => join(home, '.config', 'autoswe', 'workspaces');
  /** What install-units would link: the workspace under its name. */
  const register = (root = ws.root, as = name) => {
    mkdirSync(registry(), { recursive: true });
    symlinkSync(root, join(registry(), as));
  };
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}, cwd = ws.root) =>
    runCli(args, { cwd, env: { HOME: home, XDG_CONFIG_HOME: '', ...env } });

  it('start says plainly that systemctl is missing', async () => {
    const result = await cli(['start'], { PATH: fakePath(scratch.dir, {}) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('autoswe: systemctl not found on PATH (systemd is needed for the service)\n');
  });

  it('stop says plainly that no user manager runs', async () => {
    const path = fakePath(scratch.dir, { systemctl: 'exit 1' });
    const result = await cli(['stop'], {
      PATH: path,
      XDG_RUNTIME_DIR: scratch.dir,
      DBUS_SESSION_BUS_ADDRESS: '',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^autoswe: no systemd user manager is running for this user \(no .*systemd\/private\)/,
    );
  });

  it('status keeps the no-manager line short; start gives the long advice', async () => {
    const path = fakePath(scratch.dir, { systemctl: 'exit 1' });
    const env = { PATH: path, XDG_RUNTIME_DIR: '', DBUS_SESSION_BUS_ADDRESS: '', COLUMNS: '80' };
    const status = await cli(['status'], env);
    const line = status.stdout.split('\n').find((text) => text.startsWith('service'));
    expect(line).toBe('service    no systemd user manager (XDG_RUNTIME_DIR not set)');
    const json = JSON.parse((await cli(['status', '--json'], env)).stdout);
    expect(json.service).toEqual({
      kind: 'unavailable',
      reason: 'no systemd user manager (XDG_RUNTIME_DIR not set)',
    });
    const start = await cli(['start'], env);
    expect(start.code).toBe(1);
    expect(start.stderr).toBe(
      "autoswe: no systemd user manager is running for this user (XDG_RUNTIME_DIR is not set); log in through a session or run 'loginctl enable-linger $USER'\n",
    );
  });

  /** A systemctl that logs its calls and answers `show` for every unit asked, the service failed. */
  function fakeManager() {
    const calls = join(scratch.dir, 'calls');
    const path = fakePath(scratch.dir, {
      systemctl: [
        `echo "$*" >> '${calls}'`,
        'case "$2" in',
        `  show) for u in "$@"; do case "$u" in autoswe*) s=inactive; case "$u" in autoswe@*.service) s=failed;; esac; printf 'Id=%s\\nLoadState=loaded\\nActiveState=%s\\nSubState=%s\\n\\n' "$u" "$s" "$s";; esac; done ;;`,
        '  start) echo "Job for the service failed because the control process exited with error code." >&2; echo "See the log." >&2; exit 1 ;;',
        'esac',
      ].join('\n'),
    });
    mkdirSync(join(scratch.dir, 'run', 'systemd'), { recursive: true });
    writeFileSync(join(scratch.dir, 'run', 'systemd', 'private'), '');
    const env = { PATH: path, XDG_RUNTIME_DIR: join(scratch.dir, 'run') };
    const called = () =>
      readFileSync(calls, 'utf8')
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('--user show'));
    return { env, calls, called };
  }

  it("start acts on this workspace's instance, clears a failed service first, and a failing systemctl is one line", async () => {
    register();
    const { env, calls, called } = fakeManager();
    const result = await cli(['start'], env);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('autoswe:'))).toEqual([
      `autoswe: systemctl --user start autoswe@${name}.service autoswe-watchdog@${name}.timer autoswe-meta-judge@${name}.timer failed: Job for the service failed because the control process exited with error code; 'autoswe logs --no-follow' shows why`,
    ]);
    expect(called()).toEqual([
      `--user reset-failed autoswe@${name}.service`,
      `--user start autoswe@${name}.service autoswe-watchdog@${name}.timer autoswe-meta-judge@${name}.timer`,
    ]);

    writeFileSync(calls, '');
    expect((await cli(['stop'], env)).code).toBe(0);
    expect(called()).toEqual([
      `--user stop autoswe-watchdog@${name}.timer autoswe-meta-judge@${name}.timer`,
      `--user stop autoswe@${name}.service`,
    ]);
  });

  it('a workspace that is not registered is told how to register it; outside a workspace, --all is the way', async () => {
    const { env, calls } = fakeManager();
    for (const action of ['start', 'stop', 'restart', 'logs']) {
      const refused = await cli([action, '--no-follow'].slice(0, action === 'logs' ? 2 : 1), env);
      expect(refused.code, action).toBe(1);
      expect(refused.stderr).toBe(
        `autoswe: this workspace (${ws.root}) is not registered in ${registry()}, so no units run it; run 'autoswe install-units' here first\n`,
      );
    }
    expect(existsSync(calls)).toBe(false);
    const none = await cli(['start', '--all'], env, scratch.dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      `autoswe: no workspace is registered in ${registry()}; 'autoswe install-units' in a workspace registers it\n`,
    );
  });

  it('stop --all stops every registered instance, outside any workspace, and names a broken entry', async () => {
    const other = await initWorkspace();
    try {
      register();
      register(other.root, basename(other.root));
      register(join(scratch.dir, 'gone'), 'gone');
      const { env, called } = fakeManager();
      const stopped = await cli(['stop', '--all', '--json'], env, scratch.dir);
      expect(stopped.code, stopped.stderr).toBe(0);
      const outcome = JSON.parse(stopped.stdout);
      // A link to a workspace that is gone names a valid instance: stop still stops it.
      expect(outcome.instances.map((instance: { name: string }) => instance.name).sort()).toEqual(
        [name, basename(other.root), 'gone'].sort(),
      );
      for (const instance of [name, basename(other.root), 'gone']) {
        expect(called()).toContain(`--user stop autoswe@${instance}.service`);
      }
      // start --all skips it, saying why, and starts the others.
      const started = await cli(['start', '--all'], env, scratch.dir);
      expect(started.stderr).toContain(
        `skipped gone: ${join(registry(), 'gone')}: points at ${join(scratch.dir, 'gone')}, which no longer exists`,
      );
      expect(started.stdout).toContain(`${name}: failed: systemctl --user start autoswe@${name}.service`);
      expect(started.code).toBe(1);
    } finally {
      other.cleanup();
    }
  });

  it('install-units --dest writes the units and the registry link without a manager, and says to reload later', async () => {
    const dest = join(scratch.dir, 'units');
    const result = await cli(['install-units', '--dest', dest, '--json'], {
      XDG_RUNTIME_DIR: '',
      DBUS_SESSION_BUS_ADDRESS: '',
    });
    expect(result.code, result.stderr).toBe(0);
    const outcome = JSON.parse(result.stdout);
    expect(outcome).toMatchObject({ name, root: ws.root, dest, from: 'workspace', migration: null });
    expect(outcome.registry).toEqual({ path: join(registry(), name), action: 'created' });
    expect(readlinkSync(join(registry(), name))).toBe(ws.root);
    expect(outcome.reload.kind).toBe('skipped');
    expect(outcome.reload.reason).toContain("run 'systemctl --user daemon-reload' once it runs");
    expect(readFileSync(join(dest, 'autoswe@.service'), 'utf8')).toContain(
      `WorkingDirectory=${registry()}/%i\n`,
    );
  });

  it('two workspaces get an instance each; a name registered for another workspace is refused', async () => {
    const dest = join(scratch.dir, 'units');
    const env = { XDG_RUNTIME_DIR: '' };
    expect((await cli(['install-units', '--dest', dest], env)).code).toBe(0);
    const other = await initWorkspace();
    try {
      const second = await cli(['install-units', '--dest', dest], env, other.root);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain(
        `workspace ${basename(other.root)} (${other.root}): autoswe@${basename(other.root)}.service`,
      );
      expect(readdirSync(registry()).sort()).toEqual([name, basename(other.root)].sort());
      // The same name in a second workspace: refused, nothing written, the first one's link untouched.
      appendFileSync(join(other.root, 'autoswe.yaml'), `\nname: ${name}\n`);
      const taken = await cli(['install-units', '--dest', dest], env, other.root);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toBe(
        `autoswe: the workspace name '${name}' is taken: ${join(registry(), name)} links to ${ws.root}; set another name: in ${join(other.root, 'autoswe.yaml')}\n`,
      );
      expect(readlinkSync(join(registry(), name))).toBe(ws.root);
    } finally {
      other.cleanup();
    }
  });

  it('a renamed workspace moves to its new name: the old link goes, with each step said', async () => {
    const dest = join(scratch.dir, 'units');
    const env = { XDG_RUNTIME_DIR: '' };
    expect((await cli(['install-units', '--dest', dest], env)).code).toBe(0);
    appendFileSync(join(ws.root, 'autoswe.yaml'), '\nname: parser-port\n');
    const renamed = await cli(['install-units', '--dest', dest], env);
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.stdout).toContain(`migrating from the instance ${name}:`);
    expect(renamed.stdout).toContain(`removed the registry link of the old name '${name}'`);
    expect(readdirSync(registry())).toEqual(['parser-port']);
  });

  it('install-units renders template .path units too, and nothing that is not a unit', async () => {
    writeFileSync(
      join(ws.root, 'deploy', 'autoswe-kick@.path'),
      '[Path]\nPathChanged=@AUTOSWE_REGISTRY@/%i/.autoswe/PAUSE\n',
    );
    writeFileSync(join(ws.root, 'deploy', 'NOTES.md'), 'not a unit\n');
    const dest = join(scratch.dir, 'units');
    const result = await cli(['install-units', '--dest', dest], { XDG_RUNTIME_DIR: '' });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dest, 'autoswe-kick@.path'), 'utf8')).toContain(
      `PathChanged=${registry()}/%i/.autoswe/PAUSE\n`,
    );
    expect(existsSync(join(dest, 'NOTES.md'))).toBe(false);
  });

  it("a fixed-name template in an older workspace's deploy/ is named and not rendered", async () => {
    writeFileSync(
      join(ws.root, 'deploy', 'autoswe.service'),
      '[Service]\nWorkingDirectory=@AUTOSWE_REPO_ROOT@\n',
    );
    const dest = join(scratch.dir, 'units');
    const result = await cli(['install-units', '--dest', dest], { XDG_RUNTIME_DIR: '' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `ignored   ${join(ws.root, 'deploy', 'autoswe.service')} (a fixed-name template`,
    );
    expect(existsSync(join(dest, 'autoswe.service'))).toBe(false);
  });

  it('install-units names, and keeps, a unit it wrote earlier whose template is gone', async () => {
    const dest = join(scratch.dir, 'units');
    expect((await cli(['install-units', '--dest', dest])).code).toBe(0);
    rmSync(join(ws.root, 'deploy', 'autoswe-meta-judge@.timer'));
    const result = await cli(['install-units', '--dest', dest]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `left      ${join(dest, 'autoswe-meta-judge@.timer')} (written by autoswe earlier`,
    );
    expect(existsSync(join(dest, 'autoswe-meta-judge@.timer'))).toBe(true);
  });

  it('install-units honours XDG_CONFIG_HOME, for the units and the registry', async () => {
    const config = join(scratch.dir, 'cfg');
    const result = await cli(['install-units'], { XDG_CONFIG_HOME: config, XDG_RUNTIME_DIR: '' });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(config, 'systemd', 'user', 'autoswe-watchdog@.timer'))).toBe(true);
    expect(readlinkSync(join(config, 'autoswe', 'workspaces', name))).toBe(ws.root);
    expect(readFileSync(join(config, 'systemd', 'user', 'autoswe@.service'), 'utf8')).toContain(
      `WorkingDirectory=${join(config, 'autoswe', 'workspaces')}/%i\n`,
    );
    expect(existsSync(join(home, '.config'))).toBe(false);
  });

  it('logs says when the journal holds nothing for the service, and where else to look', async () => {
    register();
    const path = fakePath(scratch.dir, { journalctl: 'exit 0' });
    const result = await cli(['logs', '--no-follow'], { PATH: path });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`the journal holds nothing for autoswe@${name}.service; look also at:`);
    expect(result.stderr).toContain(`systemctl --user status autoswe@${name}.service`);
    expect(result.stderr).toContain(join(ws.root, '.autoswe', 'runs', '<run-id>', 'loop.log'));
  });

  it('logs explains a journal this user may not read, as journalctl reports it', async () => {
    register();
    const path = fakePath(scratch.dir, {
      journalctl: 'echo "No journal files were opened due to insufficient permissions." >&2; exit 1',
    });
    const result = await cli(['logs', '--no-follow'], { PATH: path });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^autoswe: the journal is not readable by this user .*'systemd-journal' group/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('logs without journalctl is one clear error', async () => {
    register();
    const result = await cli(['logs'], { PATH: fakePath(scratch.dir, {}) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'autoswe: journalctl not found on PATH (systemd-journald is where the service logs go)\n',
    );
  });
});

describe('lease-ready against a real HTTP proxy', () => {
  let server: Server;
  let healthy = true;
  let ws: { root: string; cleanup: () => void };
  beforeAll(async () => {
    server = createServer((_request, response) => response.writeHead(healthy ? 200 : 503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ws = await initWorkspace();
  });
  afterAll(() => {
    server.close();
    ws.cleanup();
  });
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  it('exits 0 as soon as the proxy answers healthy', async () => {
    healthy = true;
    const result = await runCli(['lease-ready', '--wait', '30'], {
      cwd: ws.root,
      env: { AUTOSWE_PROXY_BASE: base() },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^model proxy ${base()} healthy \\(\\d+ ms\\)\\n$`));
  });

  it('exits 1 after the wait with the last error', async () => {
    healthy = false;
    const result = await runCli(['lease-ready', '--wait', '1'], {
      cwd: ws.root,
      env: { AUTOSWE_PROXY_BASE: base() },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^autoswe: model proxy \S+ not healthy after 1 s \(\d+ attempts\): HTTP 503\n$/,
    );
  });

  it('reads proxy.base from autoswe.yaml and reports --json', async () => {
    healthy = true;
    appendFileSync(join(ws.root, 'autoswe.yaml'), `\nproxy:\n  base: ${base()}\n`);
    const result = await runCli(['lease-ready', '--json'], { cwd: ws.root });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ready: true, base: base(), attempts: 1 });
  });
});

describe('watchdog and meta-judge commands', () => {
  let ws: { root: string; cleanup: () => void };
  beforeEach(async () => {
    ws = await initWorkspace();
  });
  afterEach(() => ws.cleanup());
  const runtime = () => join(ws.root, '.autoswe');

  it('watchdog wedge-pauses a stale loop, says so, and status shows the wedge', async () => {
    const old = new Date(Date.now() - 20 * 60_000).toISOString();
    writeFileSync(join(runtime(), 'state.json'), JSON.stringify({ status: 'RUNNING', updated_at: old }));
    writeFileSync(
      join(runtime(), 'HEARTBEAT'),
      JSON.stringify({ at: old, pid: 1, run: 'r', epoch: 0, iter: 1, vertex: 'plan' }),
    );
    const result = await runCli(['watchdog'], { cwd: ws.root, env: { XDG_RUNTIME_DIR: '' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^WEDGE-PAUSED: no heartbeat for 20 min \(stale after 15 min\); last vertex plan, pid 1; PAUSE written/,
    );
    const status = await runCli(['status'], { cwd: ws.root, env: { XDG_RUNTIME_DIR: '' } });
    expect(status.stdout).toMatch(/pause\s+WEDGE-PAUSED - no heartbeat for 20 min/);
    const again = await runCli(['watchdog', '--json'], { cwd: ws.root, env: { XDG_RUNTIME_DIR: '' } });
    expect(JSON.parse(again.stdout)).toMatchObject({ wedged: false, loopStatus: 'WEDGE_PAUSED' });
  });

  it('watchdog honours watchdog.stale_after from autoswe.yaml', async () => {
    appendFileSync(join(ws.root, 'autoswe.yaml'), '\nwatchdog:\n  stale_after: 2h\n');
    const old = new Date(Date.now() - 60 * 60_000).toISOString();
    writeFileSync(join(runtime(), 'state.json'), JSON.stringify({ status: 'RUNNING', updated_at: old }));
    const result = await runCli(['watchdog', '--json'], { cwd: ws.root, env: { XDG_RUNTIME_DIR: '' } });
    expect(JSON.parse(result.stdout)).toMatchObject({ wedged: false, staleAfterMs: 2 * 3_600_000 });
  });

  it('watchdog exits 1 when state.json is corrupt, leaving it as it is', async () => {
    writeFileSync(join(runtime(), 'state.json'), '{"status":');
    const result = await runCli(['watchdog'], { cwd: ws.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^autoswe: cannot judge the loop: .*state\.json is corrupt/);
    expect(readFileSync(join(runtime(), 'state.json'), 'utf8')).toBe('{"status":');
  });

  it('meta-judge proposes into RULES_QUEUE and rules-review lists the proposal as pending', async () => {
    for (let iter = 1; iter <= 3; iter++) {
      appendFileSync(
        join(runtime(), 'VERDICTS'),
        `${JSON.stringify({ at: new Date().toISOString(), epoch: 0, iter, module: 'parser', verdict: 'REVERT', reason: 'lock-check failed' })}\n`,
      );
    }
    const result = await runCli(['meta-judge'], { cwd: ws.root });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/proposed r-[0-9a-f]+ \(additive\): When working on module 'parser'/);
    expect(result.stdout).toContain('why: 3 REVERT verdicts');
    const review = await runCli(['rules-review'], { cwd: ws.root });
    expect(review.stdout).toContain("When working on module 'parser'");
    const again = await runCli(['meta-judge', '--json'], { cwd: ws.root });
    expect(JSON.parse(again.stdout).proposed).toEqual([]);
  });

  it('meta-judge with a command printing bad JSON is an error, not a crash, and appends nothing', async () => {
    appendFileSync(
      join(ws.root, 'autoswe.yaml'),
      `\nmeta_judge:\n  command: ["sh", "-c", "echo not-json"]\n`,
    );
    const result = await runCli(['meta-judge'], { cwd: ws.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^autoswe: meta_judge\.command output: not valid JSON/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(runtime(), 'RULES_QUEUE'))).toBe(false);
  });
});
