import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/load.js';
import { captureBaseline } from '../../../src/core/parity/baseline.js';
import { verifyCells } from '../../../src/core/parity/verify.js';
import { readParity } from '../../../src/core/runtime/parity.js';
import { workspaceAt } from '../../../src/core/runtime/workspace.js';
import { bwrapUnavailable } from '../../helpers/bwrap.js';
import { componentMissing } from '../../helpers/components.js';
import { type LoopWorkspace, makeLoopWorkspace, UPPERCASE } from '../../helpers/loop-workspace.js';

const bwrapProblem = bwrapUnavailable();
const env = { PATH: process.env.PATH };

describe('baseline capture and verify-cells', () => {
  let ws: LoopWorkspace;
  afterEach(() => ws.cleanup());

  async function setup(extra = '') {
    ws = makeLoopWorkspace(extra);
    const workspace = workspaceAt(ws.root, {});
    return { workspace, config: await loadConfig(workspace) };
  }

  it('captures the legacy output per cell and adds every new cell as RED', async () => {
    const { workspace, config } = await setup();
    const outcome = await captureBaseline(workspace, config, { env });
    expect(outcome.captured.map((c) => `${c.module}/${c.cell}`)).toEqual([
      'nums/one',
      'nums/two',
      'words/a',
      'words/b',
      'words/c',
    ]);
    expect(readFileSync(join(ws.root, '.autoswe/baseline/words/a.out'), 'utf8')).toBe('ALPHA\nBETA\n');
    const parity = readParity(workspace);
    expect(parity.kind === 'ok' && parity.value.modules.words?.cells.a?.status).toBe('RED');
    expect(outcome.newCells).toHaveLength(5);
    expect(readFileSync(join(ws.root, '.autoswe/LOCK.json'), 'utf8')).toContain(
      '.autoswe/baseline/words/c.out',
    );
  });

  it('marks matching cells GREEN, reports flips, then a regression with a one-line diff', async () => {
    const { workspace, config } = await setup();
    await captureBaseline(workspace, config, { env });
    const first = await verifyCells(workspace, config, { env });
    expect(first.flips).toEqual([]);
    expect(first.after).toEqual({ green: 0, red: 5, total: 5 });
    expect(first.cells.find((c) => c.cell === 'a')?.detail).toBe(
      'line 1: expected "ALPHA" got "alpha" (2 of 2 lines differ)',
    );

    ws.setNewProgram(UPPERCASE);
    const second = await verifyCells(workspace, config, { env });
    expect(second.before.green).toBe(0);
    expect(second.after).toEqual({ green: 5, red: 0, total: 5 });
    expect(second.flips).toHaveLength(5);
    expect(second.regressions).toEqual([]);

    ws.setNewProgram(`${UPPERCASE} | sed 's/GAMMA/GAMMX/'`);
    const third = await verifyCells(workspace, config, { env, module: 'words' });
    expect(third.cells).toHaveLength(3);
    expect(third.regressions.map((c) => c.cell)).toEqual(['b']);
    expect(third.regressions[0]?.detail).toBe('line 1: expected "GAMMA" got "GAMMX"');
    const parity = readParity(workspace);
    if (parity.kind !== 'ok') throw new Error('parity unreadable');
    expect(parity.value.modules.words?.cells.b).toMatchObject({ status: 'RED', detail: expect.any(String) });
    expect(parity.value.modules.nums?.cells.one?.status).toBe('GREEN');
  });

  it('a case without a baseline is RED and says why; --cell runs one case only', async () => {
    const { workspace, config } = await setup();
    ws.setNewProgram(UPPERCASE);
    const outcome = await verifyCells(workspace, config, { env, cell: 'two' });
    expect(outcome.cells).toEqual([
      expect.objectContaining({
        module: 'nums',
        cell: 'two',
        status: 'RED',
        detail: expect.stringMatching(/no baseline/),
      }),
    ]);
  });

  it('a hanging case is RED after case_timeout and the others still finish', async () => {
    const { workspace, config } = await setup('limits: {case_timeout: 300ms, verify_parallel: 2}\n');
    await captureBaseline(workspace, config, { env });
    ws.setNewProgram(`case "$1" in *b.txt) sleep 30;; esac; ${UPPERCASE}`);
    const outcome = await verifyCells(workspace, config, { env, module: 'words' });
    expect(outcome.cells.map((c) => `${c.cell}:${c.status}`)).toEqual(['a:GREEN', 'b:RED', 'c:GREEN']);
    expect(outcome.cells[1]?.detail).toBe('timed out after 300 ms');
  });

  it('verifies inside bwrap the same way, with the workspace visible and the target writable', async () => {
    if (componentMissing('bwrap', bwrapProblem === null, bwrapProblem ?? '')) return;
    const { workspace, config } = await setup('sandbox: bwrap\n');
    await captureBaseline(workspace, config, { env });
    ws.setNewProgram(`echo scratch > "$(dirname "$0")/scratch"; ${UPPERCASE}`);
    const outcome = await verifyCells(workspace, config, { env });
    expect(outcome.after).toEqual({ green: 5, red: 0, total: 5 });
  });

  it('a new program printing more than the 16 MiB kept is RED for it, never compared cut', async () => {
    const { workspace, config } = await setup();
    await captureBaseline(workspace, config, { env });
    ws.setNewProgram('head -c 17000000 /dev/zero');
    const outcome = await verifyCells(workspace, config, { env, module: 'words' });
    expect(outcome.cells.map((cell) => cell.detail)).toEqual(
      outcome.cells.map(() => 'printed more than 16 MiB on stdout (cut there)'),
    );
  });

  it('drops cells whose case file is gone, and modules the config no longer names', async () => {
    const { workspace, config } = await setup();
    await captureBaseline(workspace, config, { env });
    rmSync(join(ws.root, 'cases/words/c.txt'));
    delete config.modules.nums;
    const outcome = await verifyCells(workspace, config, { env });
    expect(outcome.removed).toEqual(['nums/*', 'words/c']);
    expect(outcome.after.total).toBe(2);
  });

  it('an abort stops the running cases at once and leaves parity.json as it was', async () => {
    const { workspace, config } = await setup('limits: {verify_parallel: 1}\n');
    await captureBaseline(workspace, config, { env });
    const before = readFileSync(workspace.paths.parity, 'utf8');
    ws.setNewProgram('sleep 30');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    // The cases sleep 30 s: only the abort ends them inside the test's deadline.
    await expect(verifyCells(workspace, config, { env, signal: controller.signal })).rejects.toThrow(
      'verify-cells interrupted; parity.json left as it was',
    );
    expect(readFileSync(workspace.paths.parity, 'utf8')).toBe(before);
  });

  it('refuses an unknown module or cell with a usage error', async () => {
    const { workspace, config } = await setup();
    await expect(verifyCells(workspace, config, { env, module: 'nope' })).rejects.toMatchObject({
      exitCode: 2,
      message: "unknown module 'nope' (the config names: nums, words)",
    });
    await expect(verifyCells(workspace, config, { env, cell: 'zz' })).rejects.toMatchObject({ exitCode: 2 });
  });

  it('leaves a corrupt parity.json untouched and refuses', async () => {
    const { workspace, config } = await setup();
    await captureBaseline(workspace, config, { env });
    writeFileSync(workspace.paths.parity, '{oops');
    await expect(verifyCells(workspace, config, { env })).rejects.toThrow(/parity\.json is corrupt/);
    expect(readFileSync(workspace.paths.parity, 'utf8')).toBe('{oops');
  });

  it('a legacy program that cannot run fails the capture and writes nothing', async () => {
    const { workspace, config } = await setup();
    config.legacy.command = ['./legacy/missing', '{case}'];
    await expect(captureBaseline(workspace, config, { env })).rejects.toThrow(
      /legacy program failed on nums\/one: cannot run/,
    );
    expect(readParity(workspace).kind).toBe('missing');
  });
});
