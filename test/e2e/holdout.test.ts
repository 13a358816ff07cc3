import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type LoopWorkspace, makeLoopWorkspace, UPPERCASE } from '../helpers/loop-workspace.js';

describe('hold-out cells', () => {
  let ws: LoopWorkspace;
  afterEach(() => ws.cleanup());

  it('visible GREEN with hold-out RED is flagged by status and refused by parity-flip without --force', async () => {
    ws = makeLoopWorkspace();
    const config = join(ws.root, 'autoswe.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        'words: {cases: ["cases/words/*.txt"]}',
        'words: {cases: ["cases/words/*.txt"], holdout: "cases/words/b.txt"}',
      ),
    );
    const cli = (...args: string[]) => runCli(args, { cwd: ws.root, env: { NO_COLOR: '1' } });
    expect((await cli('baseline-capture')).code).toBe(0);
    // Right on the cases it could see, wrong on the one it could not (b holds "gamma").
    ws.setNewProgram(`grep -q gamma "$1" && cat "$1" || ${UPPERCASE}`);
    expect((await cli('verify-cells')).code).toBe(0);
    const parity = JSON.parse(readFileSync(join(ws.root, '.autoswe', 'parity.json'), 'utf8'));
    expect(parity.modules.words.cells.b).toMatchObject({ status: 'RED', holdout: true });
    expect(parity.modules.words.cells.a).not.toHaveProperty('holdout');

    const status = await cli('status');
    expect(status.stdout).toContain('possible overfitting: words (1 hold-out RED)');
    const json = JSON.parse((await cli('status', '--json')).stdout);
    expect(json.parity.modules).toContainEqual(
      expect.objectContaining({ name: 'words', holdout_red: 1, red: 1 }),
    );

    const refused = await cli('parity-flip', 'words');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /refusing to flip words: possible overfitting: .*1 hold-out cell is RED \(b\); --force overrides/,
    );
    expect((await cli('parity-flip', 'words', '--force')).code).toBe(0);
  }, 30_000);
});
