import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeService } from '../../src/core/service.js';
import { tempDir } from '../helpers/cli.js';

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
      `#!/bin/sh\n/usr/bin/touch ${join(dir.dir, 'spawned')}\nprintf 'Id=autoswe.service\\nLoadState=loaded\\nActiveState=active\\nSubState=running\\n\\nId=autoswe-watchdog.timer\\nLoadState=loaded\\nActiveState=active\\nSubState=waiting\\nLastTriggerUSec=Tue 2026-11-24 06:01:51 UTC\\n'\n`,
      { mode: 0o755 },
    );
    const runtime = join(dir.dir, 'run');
    mkdirSync(join(runtime, 'systemd'), { recursive: true });
    writeFileSync(join(runtime, 'systemd', 'private'), '');
    env = {
      PATH: bin,
      HOME: join(dir.dir, 'home'),
      XDG_RUNTIME_DIR: runtime,
      XDG_CONFIG_DIRS: join(dir.dir, 'none'),
      XDG_DATA_DIRS: join(dir.dir, 'none'),
    };
  });
  afterEach(() => dir.cleanup());

  it('says the units are not installed without spawning systemctl when no unit file exists', async () => {
    const view = await probeService(env);
    expect(view).toMatchObject({ kind: 'ok', service: { installed: false }, watchdog: { installed: false } });
    expect(spawned()).toBe(false);
  });

  it('asks systemctl once when the unit files are installed, and reads states and last runs', async () => {
    mkdirSync(join(env.HOME as string, '.config', 'systemd', 'user'), { recursive: true });
    writeFileSync(join(env.HOME as string, '.config', 'systemd', 'user', 'autoswe.service'), '[Service]\n');
    const view = await probeService(env);
    expect(spawned()).toBe(true);
    expect(view).toMatchObject({
      kind: 'ok',
      service: { installed: true, active: 'active', sub: 'running', problem: null },
      watchdog: { installed: true, active: 'active', lastRun: '2026-11-24T06:01:51.000Z', lastResult: null },
      metaJudge: { installed: false },
    });
  });

  it('is unavailable, without spawning, when no user manager runs', async () => {
    const view = await probeService({ ...env, XDG_RUNTIME_DIR: join(dir.dir, 'elsewhere') });
    expect(view.kind).toBe('unavailable');
    expect(spawned()).toBe(false);
  });
});
