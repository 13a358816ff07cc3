import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordServiceFailure } from '../../../src/core/service/failed.js';
import { waitFor } from '../../e2e/loop-helpers.js';
import { componentMissing } from '../../helpers/components.js';
import { startUserManager, type UserManager, userManagerSupport } from '../../helpers/systemd.js';
import { tempWorkspace } from '../../helpers/workspace.js';

const support = userManagerSupport();
const skip = componentMissing('systemd --user', support.available, support.reason);

describe.skipIf(skip)(
  'recordServiceFailure (what autoswe-failed@NAME.service runs), on a real user manager',
  () => {
    let manager: UserManager;
    beforeAll(async () => {
      manager = await startUserManager();
      // A unit of the instance's name that has failed for good, as autoswe@NAME.service after its start limit.
      mkdirSync(manager.unitDir, { recursive: true });
      writeFileSync(
        join(manager.unitDir, 'autoswe@.service'),
        '[Service]\nType=exec\nExecStart=/bin/false\n',
      );
      manager.systemctl('daemon-reload');
      manager.systemctl('start', 'autoswe@failing.service');
      await waitFor('the unit to fail', () =>
        manager.systemctl('show', 'autoswe@failing.service', '-p', 'ActiveState').stdout.includes('=failed'),
      );
    }, 30_000);
    afterAll(async () => manager?.stop());

    it('records service.failed with systemd\'s result; an EVENTS it cannot write to is an error, not "not failed"', async () => {
      const { workspace, cleanup } = tempWorkspace();
      try {
        const failure = await recordServiceFailure(workspace, 'failing', manager.env);
        expect(failure).toMatchObject({ unit: 'autoswe@failing.service', activeState: 'failed' });
        expect(readFileSync(workspace.paths.events, 'utf8')).toContain('"type":"service.failed"');
      } finally {
        cleanup();
      }
      const other = tempWorkspace();
      try {
        mkdirSync(other.workspace.paths.events);
        await expect(recordServiceFailure(other.workspace, 'failing', manager.env)).rejects.toThrow(
          /^autoswe@failing\.service failed, but the event could not be recorded: /,
        );
      } finally {
        other.cleanup();
      }
    });
  },
);
