import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceUnits } from '../../src/core/service/unit-names.js';
import { initWorkspace, runCli } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { startUserManager, type UserManager, userManagerSupport } from '../helpers/systemd.js';
import { waitFor } from './loop-helpers.js';

const support = userManagerSupport();
const skip = componentMissing('systemd --user', support.available, support.reason);

describe.skipIf(skip)('OnFailure=: the service giving up after its start limit is recorded and sent', () => {
  let manager: UserManager;
  let ws: { root: string; cleanup: () => void };

  beforeAll(async () => {
    manager = await startUserManager();
    ws = await initWorkspace();
  });
  afterAll(async () => {
    await manager?.stop();
    ws?.cleanup();
  });

  it('a loop that keeps crashing: after the start limit, one service.failed event, delivered to notify.command', async () => {
    const got = join(ws.root, 'notified.jsonl');
    writeFileSync(
      join(ws.root, 'autoswe.yaml'),
      `${readFileSync(join(ws.root, 'autoswe.yaml'), 'utf8')}\nnotify:\n  command: [sh, -c, 'cat >> ${got}; echo >> ${got}']\n`,
    );
    // The real template, with a loop that crashes at once and a start limit reached in a second or two.
    const path = join(ws.root, 'deploy', 'autoswe@.service');
    const template = readFileSync(path, 'utf8')
      .replace(/^ExecStartPre=.*\n/m, '')
      .replace(/^ExecStart=.*$/m, 'ExecStart=/bin/sh -c "echo crashing; exit 4"')
      .replace(/^RestartSec=.*$/m, 'RestartSec=100ms')
      .replace(/^StartLimitBurst=.*$/m, 'StartLimitBurst=3');
    expect(template).toContain('OnFailure=autoswe-failed@%i.service');
    writeFileSync(path, template);
    const install = await runCli(['install-units'], { cwd: ws.root, env: manager.env });
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toContain('autoswe-failed@.service');
    const units = instanceUnits(basename(ws.root));
    expect(manager.systemctl('start', units.service).code).toBe(0);

    const events = join(ws.root, '.autoswe', 'EVENTS');
    const line = await waitFor(
      'service.failed in EVENTS',
      () => {
        try {
          return readFileSync(events, 'utf8')
            .split('\n')
            .find((text) => text.includes('service.failed'));
        } catch {
          return undefined;
        }
      },
      30_000,
    );
    const event = JSON.parse(line);
    expect(event).toMatchObject({ type: 'service.failed', by: 'systemd', unit: units.service });
    expect(event.reason).toMatch(/^autoswe@\S+\.service failed \(result exit-code\) after 3 restart\(s\)/);
    expect(manager.systemctl('is-active', units.service).stdout.trim()).toBe('failed');
    const sent = await waitFor('the notification', () => {
      try {
        return readFileSync(got, 'utf8').trim() || undefined;
      } catch {
        return undefined;
      }
    });
    expect(JSON.parse(sent)).toMatchObject({
      id: event.id,
      type: 'service.failed',
      text: expect.stringContaining('failed'),
    });
    // Only the giving up is reported: the restarts before it recorded nothing.
    expect(readFileSync(events, 'utf8').trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
