import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeService } from '../../../src/core/service/unit-state.js';
import { tempDir } from '../../helpers/cli.js';

describe('probeService (the status line for the service and timers)', () => {
  let dir: { dir: string; cleanup: () => void };
  let env: NodeJS.ProcessEnv;
  const spawned = () => existsSync(join(dir.dir, 'spawned'));

  beforeEach(() => {
    dir = tempDir();
    const bin = join(dir.dir, 'bin');
    mkdirSync(bin);
    // A systemctl that records being run and answers like `systemctl --user show` for an active service.
    writeFileSync(
      join(bin, 'systemctl'),
      `#!/bin/sh\n/usr/bin/touch ${join(dir.dir, 'spawned')}\nprintf 'Id=autoswe.service\\nLoadState=loaded\\nActiveState=active\\nSubState=running\\nWorkingDirectory=/srv/my ws 100%%\\n\\nId=autoswe-watchdog.timer\\nLoadState=loaded\\nActiveState=active\\nSubState=waiting\\nLastTriggerUSec=Tue 2026-11-24 06:01:51 UTC\\n'\n`,
      { mode: 0o755 },
    );
    const runtime = join(dir.dir, 'run');
    mkdirSync(join(runtime, 'systemd'), { recursive: true });
    writeFileSync(join(runtime, 'systemd', 'private'), '');
    env = {
      PATH: bin,
      HOME: join(dir.dir, 'home'),
      XDG_RUNTIME_DIR: runtime,
    };
  });
  afterEach(() => dir.cleanup());

  it('asks systemctl once and reads states, last runs, the workspace and the programs', async () => {
    const view = await probeService(env);
    expect(spawned()).toBe(true);
    expect(view).toMatchObject({
      kind: 'ok',
      root: '/srv/my ws 100%',
      service: { installed: true, active: 'active', sub: 'running', problem: null },
      watchdog: { installed: true, active: 'active', lastRun: '2026-11-24T06:01:51.000Z', lastResult: null },
      metaJudge: { installed: false },
    });
  });

  it('says a unit systemd does not find is not installed, and names a program that is gone', async () => {
    writeFileSync(
      join(dir.dir, 'bin', 'systemctl'),
      `#!/bin/sh\nprintf 'Id=autoswe.service\\nLoadState=loaded\\nActiveState=inactive\\nSubState=dead\\nExecStart={ path=/gone/node ; argv[]=/gone/node x ; }\\nWorkingDirectory=!/srv/ws\\n\\nId=autoswe-watchdog.timer\\nLoadState=not-found\\nActiveState=inactive\\nSubState=dead\\n'\n`,
      { mode: 0o755 },
    );
    const view = await probeService(env);
    expect(view).toMatchObject({
      kind: 'ok',
      root: '/srv/ws',
      service: {
        installed: true,
        problem:
          "autoswe.service runs /gone/node, which no longer exists (node upgraded or moved?); run 'autoswe install-units' to re-render the units",
      },
      watchdog: { installed: false, lastRun: null },
    });
  });

  it('a systemctl that fails or hangs is one error line, within the deadline', async () => {
    writeFileSync(
      join(dir.dir, 'bin', 'systemctl'),
      '#!/bin/sh\necho "Failed to connect to bus" >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );
    const failed = await probeService(env);
    expect(failed).toMatchObject({ kind: 'error' });
    expect(failed.kind === 'error' && failed.message).toContain('Failed to connect to bus');
    writeFileSync(join(dir.dir, 'bin', 'systemctl'), '#!/bin/sh\nexec /bin/sleep 30\n', { mode: 0o755 });
    const hung = await probeService(env, 300);
    expect(hung.kind).toBe('error');
    expect(hung.kind === 'error' && hung.message.split('\n')).toHaveLength(1);
  });

  it("reads a stopped Persistent timer's last run from its stamp file (systemd no longer reports it)", async () => {
    writeFileSync(
      join(dir.dir, 'bin', 'systemctl'),
      `#!/bin/sh\nprintf 'Id=autoswe.service\\nLoadState=loaded\\nActiveState=inactive\\nSubState=dead\\n\\nId=autoswe-meta-judge.timer\\nLoadState=loaded\\nActiveState=inactive\\nSubState=dead\\nLastTriggerUSec=\\n'\n`,
      { mode: 0o755 },
    );
    const timers = join(env.HOME as string, '.local', 'share', 'systemd', 'timers');
    mkdirSync(timers, { recursive: true });
    const stamp = join(timers, 'stamp-autoswe-meta-judge.timer');
    writeFileSync(stamp, '');
    utimesSync(stamp, new Date('2026-11-24T05:00:00Z'), new Date('2026-11-24T05:00:00Z'));
    const view = await probeService(env);
    expect(view).toMatchObject({
      kind: 'ok',
      metaJudge: { installed: true, active: 'inactive', lastRun: '2026-11-24T05:00:00.000Z' },
      watchdog: { lastRun: null },
    });
  });

  it('is unavailable, without spawning, when no user manager runs', async () => {
    const view = await probeService({ ...env, XDG_RUNTIME_DIR: join(dir.dir, 'elsewhere') });
    expect(view.kind).toBe('unavailable');
    expect(spawned()).toBe(false);
  });
});
