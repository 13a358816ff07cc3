import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
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
  beforeEach(async () => {
    ws = await initWorkspace();
    scratch = tempDir();
  });
  afterEach(() => {
    ws.cleanup();
    scratch.cleanup();
  });

  it('start says plainly that systemctl is missing', async () => {
    const result = await runCli(['start'], { cwd: ws.root, env: { PATH: fakePath(scratch.dir, {}) } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('autoswe: systemctl not found on PATH (systemd is needed for the service)\n');
  });

  it('stop says plainly that no user manager runs', async () => {
    const path = fakePath(scratch.dir, { systemctl: 'exit 1' });
    const result = await runCli(['stop'], {
      cwd: ws.root,
      env: { PATH: path, XDG_RUNTIME_DIR: scratch.dir, DBUS_SESSION_BUS_ADDRESS: '' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^autoswe: no systemd user manager is running for this user \(no .*systemd\/private\)/,
    );
  });

  it('status keeps the no-manager line short; start gives the long advice', async () => {
    const path = fakePath(scratch.dir, { systemctl: 'exit 1' });
    const env = { PATH: path, XDG_RUNTIME_DIR: '', DBUS_SESSION_BUS_ADDRESS: '', COLUMNS: '80' };
    const status = await runCli(['status'], { cwd: ws.root, env });
    const line = status.stdout.split('\n').find((text) => text.startsWith('service'));
    expect(line).toBe('service    no systemd user manager (XDG_RUNTIME_DIR not set)');
    const json = JSON.parse((await runCli(['status', '--json'], { cwd: ws.root, env })).stdout);
    expect(json.service).toEqual({
      kind: 'unavailable',
      reason: 'no systemd user manager (XDG_RUNTIME_DIR not set)',
    });
    const start = await runCli(['start'], { cwd: ws.root, env });
    expect(start.code).toBe(1);
    expect(start.stderr).toBe(
      "autoswe: no systemd user manager is running for this user (XDG_RUNTIME_DIR is not set); log in through a session or run 'loginctl enable-linger $USER'\n",
    );
  });

  it('start clears a failed service first, and a failing systemctl is one line pointing at logs', async () => {
    const calls = join(scratch.dir, 'calls');
    // What systemd reads from the installed autoswe.service's WorkingDirectory= (empty: none).
    const workdir = join(scratch.dir, 'workdir');
    const units =
      'autoswe.service autoswe-watchdog.timer autoswe-meta-judge.timer autoswe-watchdog.service autoswe-meta-judge.service';
    const path = fakePath(scratch.dir, {
      systemctl: [
        `echo "$*" >> '${calls}'`,
        'case "$2" in',
        `  show) wd=; [ -f '${workdir}' ] && read -r wd < '${workdir}'; for u in ${units}; do s=inactive; [ "$u" = autoswe.service ] && s=failed; printf 'Id=%s\\nLoadState=loaded\\nActiveState=%s\\nSubState=%s\\nWorkingDirectory=%s\\n\\n' "$u" "$s" "$s" "$wd"; done ;;`,
        '  start) echo "Job for autoswe.service failed because the control process exited with error code." >&2; echo "See the log." >&2; exit 1 ;;',
        'esac',
      ].join('\n'),
    });
    mkdirSync(join(scratch.dir, 'run', 'systemd'), { recursive: true });
    writeFileSync(join(scratch.dir, 'run', 'systemd', 'private'), '');
    const home = join(scratch.dir, 'home');
    const env = { PATH: path, XDG_RUNTIME_DIR: join(scratch.dir, 'run'), HOME: home, XDG_CONFIG_HOME: '' };
    const result = await runCli(['start'], { cwd: ws.root, env });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('autoswe:'))).toEqual([
      "autoswe: systemctl --user start autoswe.service autoswe-watchdog.timer autoswe-meta-judge.timer failed: Job for autoswe.service failed because the control process exited with error code; 'autoswe logs --no-follow' shows why",
    ]);
    const called = readFileSync(calls, 'utf8').trim().split('\n');
    expect(called.filter((line) => !line.startsWith('--user show'))).toEqual([
      '--user reset-failed autoswe.service',
      '--user start autoswe.service autoswe-watchdog.timer autoswe-meta-judge.timer',
    ]);

    writeFileSync(calls, '');
    expect((await runCli(['stop'], { cwd: ws.root, env })).code).toBe(0);
    const stopped = readFileSync(calls, 'utf8').trim().split('\n');
    expect(stopped.filter((line) => !line.startsWith('--user show'))).toEqual([
      '--user stop autoswe-watchdog.timer autoswe-meta-judge.timer',
      '--user stop autoswe.service',
    ]);

    // Units installed for another workspace: start and restart here refuse, stop still stops them.
    writeFileSync(workdir, '/srv/other ws 100%\n');
    writeFileSync(calls, '');
    for (const action of ['start', 'restart']) {
      const refused = await runCli([action], { cwd: ws.root, env });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        `autoswe: the installed units run the loop of /srv/other ws 100%, not this workspace (${ws.root}); run 'autoswe install-units' here to switch them, or 'autoswe ${action}' in /srv/other ws 100%\n`,
      );
    }
    expect((await runCli(['stop'], { cwd: ws.root, env })).code).toBe(0);
    expect(readFileSync(calls, 'utf8')).not.toMatch(/--user (start|restart|reset-failed)/);
  });

  it('install-units --dest writes the units without a manager and says to reload later', async () => {
    const dest = join(scratch.dir, 'units');
    const result = await runCli(['install-units', '--dest', dest, '--json'], {
      cwd: ws.root,
      env: { XDG_RUNTIME_DIR: '', DBUS_SESSION_BUS_ADDRESS: '' },
    });
    expect(result.code, result.stderr).toBe(0);
    const outcome = JSON.parse(result.stdout);
    expect(outcome.dest).toBe(dest);
    expect(outcome.from).toBe('workspace');
    expect(outcome.reload.kind).toBe('skipped');
    expect(outcome.reload.reason).toContain("run 'systemctl --user daemon-reload' once it runs");
    expect(readFileSync(join(dest, 'autoswe.service'), 'utf8')).toContain(`WorkingDirectory=${ws.root}\n`);
  });

  it('install-units from a second workspace says it moves the units away from the first', async () => {
    const dest = join(scratch.dir, 'units');
    const env = { XDG_RUNTIME_DIR: '' };
    expect((await runCli(['install-units', '--dest', dest], { cwd: ws.root, env })).code).toBe(0);
    const other = await initWorkspace();
    try {
      const moved = await runCli(['install-units', '--dest', dest], { cwd: other.root, env });
      expect(moved.code, moved.stderr).toBe(0);
      expect(moved.stdout).toContain(
        `switched  the units from ${ws.root} to this workspace (one workspace per user); a loop of ${ws.root} the service runs now keeps running until 'autoswe restart' or 'autoswe stop'`,
      );
      const again = await runCli(['install-units', '--dest', dest, '--json'], { cwd: other.root, env });
      expect(JSON.parse(again.stdout).switchedFrom).toBeNull();
    } finally {
      other.cleanup();
    }
  });

  it('install-units renders .path units too, and nothing that is not a unit', async () => {
    writeFileSync(
      join(ws.root, 'deploy', 'autoswe-kick.path'),
      '[Path]\nPathChanged=@AUTOSWE_REPO_ROOT@/.autoswe/PAUSE\n',
    );
    writeFileSync(join(ws.root, 'deploy', 'NOTES.md'), 'not a unit\n');
    const dest = join(scratch.dir, 'units');
    const result = await runCli(['install-units', '--dest', dest], {
      cwd: ws.root,
      env: { XDG_RUNTIME_DIR: '' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dest, 'autoswe-kick.path'), 'utf8')).toContain(
      `PathChanged=${ws.root}/.autoswe/PAUSE\n`,
    );
    expect(existsSync(join(dest, 'NOTES.md'))).toBe(false);
  });

  it('install-units names, and keeps, a unit it wrote earlier whose template is gone', async () => {
    const dest = join(scratch.dir, 'units');
    expect((await runCli(['install-units', '--dest', dest], { cwd: ws.root })).code).toBe(0);
    rmSync(join(ws.root, 'deploy', 'autoswe-meta-judge.timer'));
    const result = await runCli(['install-units', '--dest', dest], { cwd: ws.root });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `left      ${join(dest, 'autoswe-meta-judge.timer')} (written by autoswe earlier`,
    );
    expect(existsSync(join(dest, 'autoswe-meta-judge.timer'))).toBe(true);
  });

  it('install-units honours XDG_CONFIG_HOME', async () => {
    const config = join(scratch.dir, 'cfg');
    const result = await runCli(['install-units'], {
      cwd: ws.root,
      env: { XDG_CONFIG_HOME: config, HOME: join(scratch.dir, 'home'), XDG_RUNTIME_DIR: '' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(config, 'systemd', 'user', 'autoswe-watchdog.timer'))).toBe(true);
    expect(existsSync(join(scratch.dir, 'home', '.config'))).toBe(false);
  });

  it('logs says when the journal holds nothing for the service, and where else to look', async () => {
    const path = fakePath(scratch.dir, { journalctl: 'exit 0' });
    const result = await runCli(['logs', '--no-follow'], { cwd: ws.root, env: { PATH: path } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the journal holds nothing for autoswe.service; look also at:');
    expect(result.stderr).toContain('systemctl --user status autoswe.service');
    expect(result.stderr).toContain(join(ws.root, '.autoswe', 'runs', '<run-id>', 'loop.log'));
  });

  it('logs explains a journal this user may not read, as journalctl reports it', async () => {
    const path = fakePath(scratch.dir, {
      journalctl: 'echo "No journal files were opened due to insufficient permissions." >&2; exit 1',
    });
    const result = await runCli(['logs', '--no-follow'], { cwd: ws.root, env: { PATH: path } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^autoswe: the journal is not readable by this user .*'systemd-journal' group/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('logs without journalctl is one clear error', async () => {
    const result = await runCli(['logs'], { cwd: ws.root, env: { PATH: fakePath(scratch.dir, {}) } });
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
