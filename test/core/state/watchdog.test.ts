import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Workspace, workspaceAt } from '../../../src/core/runtime/workspace.js';
import { watchdogPass } from '../../../src/core/state/watchdog.js';
import { tempDir } from '../../helpers/cli.js';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const STALE_AFTER = 15 * 60_000;
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

describe('watchdogPass', () => {
  let dir: { dir: string; cleanup: () => void };
  let ws: Workspace;

  beforeEach(() => {
    dir = tempDir();
    ws = workspaceAt(dir.dir, {});
    mkdirSync(ws.runtimeDir, { recursive: true });
  });
  afterEach(() => dir.cleanup());

  const writeState = (state: object) => writeFileSync(ws.paths.state, JSON.stringify(state));
  const writeHeartbeat = (at: string, extra: object = {}) =>
    writeFileSync(
      ws.paths.heartbeat,
      JSON.stringify({ at, pid: 4242, run: 'r1', epoch: 0, iter: 7, vertex: 'implement', ...extra }),
    );
  const readStateFile = () => JSON.parse(readFileSync(ws.paths.state, 'utf8'));
  const pass = (options: Partial<Parameters<typeof watchdogPass>[1]> = {}) =>
    watchdogPass(ws, { staleAfterMs: STALE_AFTER, now: () => NOW, ...options });

  it('turns a RUNNING loop with a stale heartbeat into WEDGE_PAUSED with a reason, and writes PAUSE', async () => {
    writeState({ status: 'RUNNING', iter: 7, updated_at: minutesAgo(30) });
    writeHeartbeat(minutesAgo(20));
    const report = await pass();
    expect(report.wedged).toBe(true);
    expect(report.reason).toBe(
      'no heartbeat for 20 min (stale after 15 min); last vertex implement, pid 4242',
    );
    const state = readStateFile();
    expect(state).toMatchObject({ status: 'WEDGE_PAUSED', reason: report.reason, iter: 7 });
    expect(state.updated_at).toBe(NOW.toISOString());
    expect(readFileSync(ws.paths.pause, 'utf8')).toBe(`${NOW.toISOString()} watchdog: ${report.reason}\n`);
  });

  it('wedges a WAITING loop whose heartbeat went stale (its process died during the wait)', async () => {
    writeState({ status: 'WAITING', reason: 'usage limit (five_hour) until 17:00 UTC', iter: 6 });
    writeHeartbeat(minutesAgo(40), { vertex: null });
    expect((await pass()).wedged).toBe(true);
    expect(readStateFile()).toMatchObject({ status: 'WEDGE_PAUSED', iter: 6 });
    writeState({ status: 'WAITING', iter: 6 });
    writeHeartbeat(minutesAgo(1), { vertex: null });
    expect((await pass()).wedged).toBe(false);
  });

  it('leaves a RUNNING loop with a fresh heartbeat alone and writes nothing', async () => {
    writeState({ status: 'RUNNING', updated_at: minutesAgo(60) });
    writeHeartbeat(minutesAgo(14));
    const before = readFileSync(ws.paths.state, 'utf8');
    const report = await pass();
    expect(report.wedged).toBe(false);
    expect(report.lastSign).toMatchObject({ source: 'HEARTBEAT', ageMs: 14 * 60_000 });
    expect(readFileSync(ws.paths.state, 'utf8')).toBe(before);
    expect(existsSync(ws.paths.pause)).toBe(false);
  });

  it('is idempotent: a second pass finds the loop WEDGE_PAUSED and changes nothing', async () => {
    writeState({ status: 'RUNNING' });
    writeHeartbeat(minutesAgo(40));
    await pass();
    const state = readFileSync(ws.paths.state, 'utf8');
    const pauseLine = readFileSync(ws.paths.pause, 'utf8');
    const again = await pass({ now: () => new Date(NOW.getTime() + 5 * 60_000) });
    expect(again).toMatchObject({ wedged: false, loopStatus: 'WEDGE_PAUSED' });
    expect(readFileSync(ws.paths.state, 'utf8')).toBe(state);
    expect(readFileSync(ws.paths.pause, 'utf8')).toBe(pauseLine);
  });

  it('ignores loops that are not RUNNING (IDLE, PAUSED, DONE, no state at all)', async () => {
    expect(await pass()).toMatchObject({ loopStatus: 'UNINITIALIZED', wedged: false });
    for (const status of ['IDLE', 'PAUSED', 'DONE', 'FAILED']) {
      writeState({ status });
      writeHeartbeat(minutesAgo(600));
      expect(await pass()).toMatchObject({ loopStatus: status, wedged: false });
    }
    expect(existsSync(ws.paths.pause)).toBe(false);
  });

  it('judges by the last state change when there is no heartbeat, and says so', async () => {
    writeState({ status: 'RUNNING', vertex: 'verify', updated_at: minutesAgo(16) });
    const report = await pass();
    expect(report.wedged).toBe(true);
    expect(report.reason).toBe(
      'no heartbeat and no state change for 16 min (stale after 15 min); last vertex verify',
    );
  });

  it('reports a corrupt heartbeat and falls back to state.json', async () => {
    writeState({ status: 'RUNNING', updated_at: minutesAgo(1) });
    writeFileSync(ws.paths.heartbeat, '{not json');
    const report = await pass();
    expect(report.wedged).toBe(false);
    expect(report.warnings[0]).toMatch(/^HEARTBEAT is unreadable/);
  });

  it('reports a RUNNING state whose service is inactive, without acting on it', async () => {
    writeState({ status: 'RUNNING' });
    writeHeartbeat(minutesAgo(2));
    const gone = await pass({ serviceActive: async () => false, pidAlive: () => false });
    expect(gone.wedged).toBe(false);
    expect(gone.warnings).toEqual([
      "state says RUNNING but the workspace's service is not active (pid 4242 of the heartbeat is gone: the loop ended without updating its state)",
    ]);
    const outside = await pass({ serviceActive: async () => false, pidAlive: () => true });
    expect(outside.warnings[0]).toContain(
      'pid 4242 of the heartbeat is alive: the loop runs outside the service',
    );
    const unknown = await pass({ serviceActive: async () => null });
    expect(unknown.warnings).toEqual([]);
  });

  it('refuses to judge a corrupt state.json and leaves it byte for byte', async () => {
    writeFileSync(ws.paths.state, '{"status": "RUN');
    await expect(pass()).rejects.toThrow(/state\.json is corrupt/);
    expect(readFileSync(ws.paths.state, 'utf8')).toBe('{"status": "RUN');
  });

  it('does not wedge a loop that wrote a fresh heartbeat while the pass was deciding', async () => {
    writeState({ status: 'RUNNING' });
    writeHeartbeat(minutesAgo(30));
    let calls = 0;
    const now = () => {
      calls++;
      // After the first look, the loop comes back to life before the state is locked.
      if (calls === 2) writeHeartbeat(NOW.toISOString());
      return NOW;
    };
    const report = await pass({ now });
    expect(report.wedged).toBe(false);
    expect(readStateFile().status).toBe('RUNNING');
    expect(existsSync(join(ws.runtimeDir, 'PAUSE'))).toBe(false);
  });
});
