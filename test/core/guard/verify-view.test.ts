import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/load.js';
import { legacyPaths, withoutAnswerHints } from '../../../src/core/guard/program-view.js';
import { captureBaseline } from '../../../src/core/parity/baseline.js';
import { verifyCells } from '../../../src/core/parity/verify.js';
import { readParity } from '../../../src/core/runtime/parity.js';
import { workspaceAt } from '../../../src/core/runtime/workspace.js';
import { bwrapUnavailable } from '../../helpers/bwrap.js';
import { componentMissing } from '../../helpers/components.js';
import { type LoopWorkspace, makeLoopWorkspace } from '../../helpers/loop-workspace.js';

const bwrapProblem = bwrapUnavailable();
const env = { PATH: process.env.PATH, AUTOSWE_RUNTIME_DIR: '', AUTOSWE_REPO_ROOT: '' };

describe('verification that cannot read the answers', () => {
  let ws: LoopWorkspace;
  afterEach(() => ws.cleanup());

  async function setup(extra: string) {
    ws = makeLoopWorkspace(extra);
    const workspace = workspaceAt(ws.root, {});
    const config = await loadConfig(workspace);
    await captureBaseline(workspace, config, { env });
    return { workspace, config };
  }

  const cells = (workspace: ReturnType<typeof workspaceAt>) => {
    const read = readParity(workspace);
    if (read.kind !== 'ok') throw new Error('no parity');
    return Object.fromEntries(
      Object.entries(read.value.modules).flatMap(([module, entry]) =>
        Object.entries(entry.cells).map(([cell, value]) => [`${module}/${cell}`, value]),
      ),
    );
  };

  it('under bwrap a new program that prints the baseline, or runs the legacy program, is RED on every cell', async () => {
    if (componentMissing('bwrap', bwrapProblem === null, bwrapProblem ?? '')) return;
    const { workspace, config } = await setup('sandbox: bwrap\n');
    // The copy of issue 15: the baseline by AUTOSWE_MODULE/AUTOSWE_CELL, else by the case's path.
    ws.setNewProgram(
      [
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
        'm=${AUTOSWE_MODULE:-$(basename $(dirname "$1"))}; c=${AUTOSWE_CELL:-$(basename "$1" .txt)}',
        'cat "$PWD/.autoswe/baseline/$m/$c.out" 2>/dev/null || ./legacy/run "$1"',
      ].join('\n'),
    );
    const outcome = await verifyCells(workspace, config, { env });
    expect(outcome.after.green).toBe(0);
    const words = cells(workspace)['words/a'];
    expect(words?.status).toBe('RED');
    // Neither is there: the runtime dir and the legacy program's folder are empty in the sandbox.
    expect(String(words?.detail)).toMatch(/exit 1/);
    // The same program outside a sandbox copies its way to GREEN: what `sandbox: none` cannot stop.
    expect(legacyPaths(config, workspace.runtimeDir, join(ws.root, 'cases/words/a.txt'))).toEqual([
      join(ws.root, 'legacy'),
    ]);
  });

  it('without a sandbox the same copy by path reaches GREEN: the weaker guarantee docs/SECURITY.md names', async () => {
    const { workspace, config } = await setup('');
    ws.setNewProgram('cat "$PWD/.autoswe/baseline/$(basename $(dirname "$1"))/$(basename "$1" .txt).out"');
    const outcome = await verifyCells(workspace, config, { env });
    expect(outcome.after.green).toBe(5);
  });

  it('under bwrap the legacy program never sees the new one', async () => {
    if (componentMissing('bwrap', bwrapProblem === null, bwrapProblem ?? '')) return;
    ws = makeLoopWorkspace('sandbox: bwrap\n');
    // A legacy program that would answer with whatever the new program says.
    writeFileSync(join(ws.root, 'legacy', 'run'), '#!/bin/sh\n./target/run "$1" || echo "no new program"\n');
    chmodSync(join(ws.root, 'legacy', 'run'), 0o755);
    const workspace = workspaceAt(ws.root, {});
    const outcome = await captureBaseline(workspace, await loadConfig(workspace), { env });
    expect(outcome.captured.length).toBe(5);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(workspace.paths.baseline, 'words', 'a.out'), 'utf8')).toBe('no new program\n');
  });

  it('the new program never gets variables naming the runtime dir or the baseline cell', async () => {
    const { workspace, config } = await setup('');
    ws.setNewProgram('echo "[$AUTOSWE_MODULE][$AUTOSWE_CELL][$AUTOSWE_RUNTIME_DIR][$AUTOSWE_CASE]"');
    await verifyCells(workspace, config, {
      env: { ...env, AUTOSWE_RUNTIME_DIR: workspace.runtimeDir },
      module: 'nums',
      cell: 'one',
    });
    expect(cells(workspace)['nums/one']?.detail).toContain(`[][][][${join(ws.root, 'cases/nums/one.txt')}]`);
    expect(withoutAnswerHints({ AUTOSWE_CELL: 'x', AUTOSWE_CASE: 'y', PATH: 'p' })).toEqual({
      AUTOSWE_CASE: 'y',
      PATH: 'p',
    });
  });
});

describe('init', () => {
  it('writes bwrap for the agent and the case runs when bubblewrap is installed, none otherwise', async () => {
    const { withBwrap, initWorkspace } = await import('../../../src/core/setup/init.js');
    const { CONFIG_TEMPLATE } = await import('../../../src/core/config/template.js');
    const { parseConfig } = await import('../../../src/core/config/load.js');
    const bwrap = await parseConfig(withBwrap(CONFIG_TEMPLATE), '/ws/autoswe.yaml', '/ws');
    expect([bwrap.agent.sandbox, bwrap.sandbox]).toEqual(['bwrap', 'bwrap']);
    const plain = await parseConfig(CONFIG_TEMPLATE, '/ws/autoswe.yaml', '/ws');
    expect([plain.agent.sandbox, plain.sandbox]).toEqual(['none', 'none']);
    const { tempDir } = await import('../../helpers/cli.js');
    const { dir, cleanup } = tempDir();
    try {
      expect(initWorkspace(dir, { bwrap: true }).sandbox).toBe('bwrap');
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(join(dir, 'autoswe.yaml'), 'utf8')).toMatch(/^ {2}sandbox: bwrap$/m);
    } finally {
      cleanup();
    }
  });
});
