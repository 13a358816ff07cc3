import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../../../src/base/errors.js';
import { loadConfig } from '../../../src/core/config/load.js';
import { flipModule } from '../../../src/core/parity/flip.js';
import { readParity } from '../../../src/core/runtime/parity.js';
import {
  createRun,
  finishRun,
  isRunLive,
  listRuns,
  pruneRuns,
  readRun,
  runConfigShown,
  updateRun,
} from '../../../src/core/runtime/runs.js';
import { readState } from '../../../src/core/runtime/state.js';
import { readLastVerdicts } from '../../../src/core/runtime/verdicts.js';
import { type Workspace, workspaceAt } from '../../../src/core/runtime/workspace.js';
import { resetEpoch } from '../../../src/core/state/epoch.js';
import { JUNK, truncations, without } from '../../helpers/bad-input.js';
import { type LoopWorkspace, makeLoopWorkspace } from '../../helpers/loop-workspace.js';
import { tempWorkspace } from '../../helpers/workspace.js';

describe('runs, flips and epochs', () => {
  let ws: LoopWorkspace;
  afterEach(() => ws.cleanup());

  async function setup() {
    ws = makeLoopWorkspace();
    const workspace = workspaceAt(ws.root, {});
    return { workspace, config: await loadConfig(workspace) };
  }

  it('createRun writes run.json; finishRun records the end; list is newest first', async () => {
    const { workspace, config } = await setup();
    const older = await createRun(workspace, config, {
      now: new Date('2026-11-20T10:00:00Z'),
      pid: 999_999_999,
    });
    const newer = await createRun(workspace, config, { now: new Date('2026-11-21T10:00:00Z'), epoch: 2 });
    expect(older.record.id).toMatch(/^20261120T100000Z-[0-9a-f]{4}$/);
    expect(newer.log).toBe(join(workspace.paths.runs, newer.record.id, 'loop.log'));
    expect(readRun(workspace, newer.record.id)).toMatchObject({
      outcome: 'running',
      epoch: 2,
      config_file: config.file,
    });
    expect(isRunLive(readRun(workspace, newer.record.id))).toBe(true);
    expect(isRunLive(readRun(workspace, older.record.id))).toBe(false);
    const finished = await finishRun(workspace, newer.record.id, { outcome: 'done', iterations: 4 });
    expect(finished).toMatchObject({ outcome: 'done', iterations: 4, reason: null });
    expect(finished.ended_at).toEqual(expect.any(String));
    expect(listRuns(workspace).map((entry) => (entry.kind === 'ok' ? entry.record.id : entry.id))).toEqual([
      newer.record.id,
      older.record.id,
    ]);
  });

  it('an unreadable run.json is listed as corrupt; prune keeps the newest and never a live run', async () => {
    const { workspace, config } = await setup();
    const live = await createRun(workspace, config, { now: new Date('2026-11-01T00:00:00Z') });
    const done = [];
    for (const day of ['02', '03', '04']) {
      const run = await createRun(workspace, config, { now: new Date(`2026-11-${day}T00:00:00Z`) });
      await finishRun(workspace, run.record.id, { outcome: 'done' });
      done.push(run.record.id);
    }
    mkdirSync(join(workspace.paths.runs, '20261105T000000Z-beef'));
    writeFileSync(join(workspace.paths.runs, '20261105T000000Z-beef', 'run.json'), '{torn');
    expect(listRuns(workspace)[0]).toMatchObject({ kind: 'corrupt', id: '20261105T000000Z-beef' });
    const removed = pruneRuns(workspace, 2);
    expect(removed).toEqual([done[1], done[0]]);
    expect(listRuns(workspace).map((entry) => (entry.kind === 'ok' ? entry.record.id : entry.id))).toContain(
      live.record.id,
    );
  });

  it('parity-flip refuses while RED; --force flips and leaves a non-verdict line in VERDICTS', async () => {
    const { workspace } = await setup();
    writeFileSync(
      workspace.paths.parity,
      JSON.stringify({
        modules: { words: { flipped: false, flipped_at: null, cells: { a: { status: 'RED' } } } },
      }),
    );
    await expect(flipModule(workspace, 'words', { force: false, user: 'op' })).rejects.toThrow(
      'refusing to flip words: 1 cell is RED (a); --force overrides',
    );
    await expect(flipModule(workspace, 'nope', { force: true, user: 'op' })).rejects.toThrow(/no cells/);
    const forced = await flipModule(workspace, 'words', { force: true, user: 'op' });
    expect(forced).toMatchObject({ changed: true, forced: true, red: ['a'] });
    const parity = readParity(workspace);
    expect(parity.kind === 'ok' && parity.value.modules.words?.flipped).toBe(true);
    const [entry] = readLastVerdicts(workspace, 1);
    expect(entry?.kind).toBe('raw');
    expect(JSON.parse(entry?.kind === 'raw' ? entry.text : '{}')).toMatchObject({
      type: 'flip',
      module: 'words',
      forced: true,
      red: 1,
      by: 'op',
    });
    expect((await flipModule(workspace, 'words', { force: false, user: 'op' })).changed).toBe(false);
  });

  it('reset-epoch archives the state and starts the next epoch at iter 0', async () => {
    const { workspace } = await setup();
    writeFileSync(
      workspace.paths.state,
      JSON.stringify({
        status: 'DONE',
        epoch: 3,
        iter: 17,
        module: 'words',
        vertex: 'journey',
        custom: 'kept',
      }),
    );
    const reset = await resetEpoch(workspace, 'op');
    expect(reset).toMatchObject({ previous: 3, epoch: 4 });
    const state = readState(workspace);
    expect(state.kind === 'ok' && state.value).toMatchObject({
      status: 'IDLE',
      epoch: 4,
      iter: 0,
      custom: 'kept',
    });
    expect(state.kind === 'ok' && 'module' in state.value).toBe(false);
    const archive = readState({ ...workspace, paths: { ...workspace.paths, state: reset.archived } });
    expect(archive.kind === 'ok' && archive.value).toMatchObject({ epoch: 3, by: 'op', state: { iter: 17 } });
  });

  it('reset-epoch is refused while the run that owns the loop is alive', async () => {
    const { workspace, config } = await setup();
    const run = await createRun(workspace, config);
    writeFileSync(
      workspace.paths.state,
      JSON.stringify({ status: 'RUNNING', epoch: 0, iter: 2, run: run.record.id }),
    );
    await expect(resetEpoch(workspace, 'op')).rejects.toThrow(/is live; stop it before resetting the epoch/);
  });
});

describe('run.json decoding', () => {
  const id = '20261124T000000Z-beef';
  const valid = {
    id,
    started_at: '2026-11-24T00:00:00.000Z',
    ended_at: null,
    outcome: 'failed',
    reason: 'agent: not found',
    pid: 4242,
    config_file: '/w/autoswe.yaml',
    config: { target: '/w/t', agent: { adapter: 'command', command: ['sh'] }, modules: { calc: {} } },
    epoch: 0,
    iterations: 3,
    extra: 'kept',
  };
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
    mkdirSync(join(workspace.paths.runs, id), { recursive: true });
  });
  afterEach(() => cleanup());
  const path = () => join(workspace.paths.runs, id, 'run.json');
  const write = (value: unknown) => writeFileSync(path(), JSON.stringify(value));

  it('reads every key, keeps unknown ones, and shows the config snapshot without the config schema', () => {
    write(valid);
    const record = readRun(workspace, id);
    expect(record).toEqual(valid);
    expect(runConfigShown(record)).toEqual(valid.config);
    expect(runConfigShown({ ...record, config: { target: 3 } })).toBeNull();
  });

  it.each([
    [{ id: 5 }, 'id: expected a string, got 5'],
    [
      { outcome: 'exploded' },
      'outcome: expected one of running, done, max_iters, interrupted, failed, got "exploded"',
    ],
    [{ ended_at: 0 }, 'ended_at: expected a string or null, got 0'],
    [{ reason: [] }, 'reason: expected a string or null, got a list'],
    [{ pid: '4242' }, 'pid: expected a positive integer, got "4242"'],
    [{ config_file: null }, 'config_file: expected a string, got null'],
    [{ config: 'autoswe.yaml' }, 'config: expected an object, got "autoswe.yaml"'],
    [{ epoch: 0.5 }, 'epoch: expected an integer ≥ 0, got 0.5'],
    [{ iterations: -1 }, 'iterations: expected an integer ≥ 0, got -1'],
  ])('a key of the wrong type makes it corrupt, for show and for list: %j', (patch, message) => {
    write({ ...valid, ...patch });
    expect(() => readRun(workspace, id)).toThrow(`${path()} is corrupt: ${message}`);
    expect(listRuns(workspace)).toEqual([{ kind: 'corrupt', id, message }]);
  });

  it.each(Object.keys(valid).filter((key) => key !== 'extra'))('a missing %s makes it corrupt', (key) => {
    write(without(valid, key));
    expect(() => readRun(workspace, id)).toThrow(new RegExp(`is corrupt: ${key}: expected .*, got nothing`));
  });

  it('junk and truncated files are listed as corrupt, never a crash', () => {
    for (const bad of [...JUNK, ...truncations(JSON.stringify(valid))]) {
      writeFileSync(path(), bad);
      expect(listRuns(workspace)[0]?.kind, JSON.stringify(bad)).toBe('corrupt');
    }
  });

  it('its writer refuses a patch readers would call corrupt (exit 2), and writes nothing', async () => {
    write(valid);
    const before = readFileSync(path());
    const refused = updateRun(workspace, id, { iterations: -4 });
    await expect(refused).rejects.toThrow('iterations: expected an integer ≥ 0, got -4');
    await expect(refused).rejects.toMatchObject({ exitCode: EXIT_USAGE });
    expect(readFileSync(path())).toEqual(before);
  });
});
