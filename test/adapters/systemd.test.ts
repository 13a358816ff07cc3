import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJournalJson } from '../../src/adapters/journal.js';
import {
  execStartPath,
  locateUserManager,
  parseShow,
  parseSystemdTimestamp,
} from '../../src/adapters/systemd.js';
import { tempDir } from '../helpers/cli.js';

describe('systemctl show parsing', () => {
  it('splits blocks by unit Id, keeping values with = in them', () => {
    const units = parseShow(
      'LoadState=loaded\nId=autoswe.service\nExecStart={ path=/usr/bin/node ; argv[]=/usr/bin/node a=b ; }\n\nId=x.timer\nLoadState=not-found\n',
    );
    expect(units.get('autoswe.service')?.LoadState).toBe('loaded');
    expect(execStartPath(units.get('autoswe.service')?.ExecStart)).toBe('/usr/bin/node');
    expect(units.get('x.timer')?.LoadState).toBe('not-found');
  });

  it('reads unix and UTC timestamps, and treats empty and n/a as never', () => {
    expect(parseSystemdTimestamp('@1795500111')).toBe('2026-11-24T06:01:51.000Z');
    expect(parseSystemdTimestamp('Tue 2026-11-24 06:01:51 UTC')).toBe('2026-11-24T06:01:51.000Z');
    expect(parseSystemdTimestamp('')).toBeNull();
    expect(parseSystemdTimestamp('n/a')).toBeNull();
    expect(parseSystemdTimestamp(undefined)).toBeNull();
    expect(parseSystemdTimestamp('@18446744073709')).toBeNull();
  });
});

describe('locateUserManager', () => {
  let dir: { dir: string; cleanup: () => void };
  let bin: string;
  beforeEach(() => {
    dir = tempDir();
    bin = join(dir.dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'systemctl'), '#!/bin/sh\n', { mode: 0o755 });
  });
  afterEach(() => dir.cleanup());

  it('says systemctl is missing when it is not on PATH', () => {
    expect(locateUserManager({ PATH: dir.dir })).toMatchObject({ kind: 'no-systemctl' });
  });

  it('says no user manager runs when XDG_RUNTIME_DIR is unset or has no systemd/private', () => {
    expect(locateUserManager({ PATH: bin }).kind).toBe('no-manager');
    const found = locateUserManager({ PATH: bin, XDG_RUNTIME_DIR: dir.dir });
    expect(found).toMatchObject({ kind: 'no-manager' });
    expect(found.kind === 'no-manager' && found.message).toContain(
      `no ${join(dir.dir, 'systemd', 'private')}`,
    );
  });

  it('gives status a short reason (fits 80 columns after the label) and the commands the advice', () => {
    const runtime = join(dir.dir, 'a-rather-long-runtime-directory-name', 'user', '1000');
    for (const env of [{ PATH: bin }, { PATH: bin, XDG_RUNTIME_DIR: runtime }, { PATH: dir.dir }]) {
      const found = locateUserManager(env);
      if (found.kind === 'ok') throw new Error('expected no manager');
      expect(found.short.length).toBeLessThanOrEqual(80 - 11);
      expect(found.short).not.toContain('enable-linger');
    }
    const missing = locateUserManager({ PATH: bin });
    expect(missing.kind !== 'ok' && missing.message).toContain("run 'loginctl enable-linger $USER'");
  });

  it('finds the manager by its private socket path', () => {
    mkdirSync(join(dir.dir, 'systemd'));
    writeFileSync(join(dir.dir, 'systemd', 'private'), '');
    expect(locateUserManager({ PATH: bin, XDG_RUNTIME_DIR: dir.dir })).toEqual({
      kind: 'ok',
      systemctl: join(bin, 'systemctl'),
    });
  });
});

describe('journal JSON parsing', () => {
  it('turns journalctl -o json lines into entries, decoding byte-array messages', () => {
    const entries = parseJournalJson(
      [
        JSON.stringify({
          __REALTIME_TIMESTAMP: '1795500111000000',
          _PID: '12',
          SYSLOG_IDENTIFIER: 'node',
          PRIORITY: '3',
          MESSAGE: 'boom',
          __CURSOR: 'c1',
        }),
        'garbage',
        JSON.stringify({
          __REALTIME_TIMESTAMP: '1795500112000000',
          _COMM: 'sh',
          MESSAGE: [104, 105],
          __CURSOR: 'c2',
        }),
      ].join('\n'),
    );
    expect(entries).toEqual([
      {
        at: '2026-11-24T06:01:51.000Z',
        identifier: 'node',
        pid: 12,
        priority: 3,
        message: 'boom',
        cursor: 'c1',
      },
      {
        at: '2026-11-24T06:01:52.000Z',
        identifier: 'sh',
        pid: null,
        priority: 6,
        message: 'hi',
        cursor: 'c2',
      },
    ]);
  });
});
