import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/load.js';
import {
  describeLockCheck,
  lockCheck,
  protectedFiles,
  updateLock,
} from '../../../src/core/parity/lock-check.js';
import { workspaceAt } from '../../../src/core/runtime/workspace.js';
import { type LoopWorkspace, makeLoopWorkspace } from '../../helpers/loop-workspace.js';

describe('LOCK.json manifest', () => {
  let ws: LoopWorkspace;
  afterEach(() => ws.cleanup());

  async function setup(extra = '') {
    ws = makeLoopWorkspace(extra);
    const workspace = workspaceAt(ws.root, {});
    mkdirSync(join(workspace.paths.baseline, 'words'), { recursive: true });
    writeFileSync(join(workspace.paths.baseline, 'words', 'a.out'), 'ALPHA\n');
    return { workspace, config: await loadConfig(workspace) };
  }

  it('covers the baseline, rules.yaml, autoswe.yaml and protected globs, but never the runtime dir or .git', async () => {
    const { workspace, config } = await setup('protected: ["legacy/**", "**/*.state"]\n');
    writeFileSync(join(ws.root, '.autoswe', 'x.state'), 'runtime');
    writeFileSync(join(ws.root, 'top.state'), 'kept');
    expect(await protectedFiles(workspace, config)).toEqual([
      '.autoswe/baseline/words/a.out',
      'autoswe.yaml',
      'legacy/run',
      'rules.yaml',
      'top.state',
    ]);
  });

  it('never counts the temp file a killed writer left, with protected: ["**"] too', async () => {
    const { workspace, config } = await setup('protected: ["**"]\n');
    await updateLock(workspace, config);
    writeFileSync(join(ws.root, '.rules.yaml.4242-1.autoswe-tmp'), 'half a rules.yaml');
    writeFileSync(join(workspace.paths.baseline, 'words', '.a.out.4242-3.autoswe-tmp'), 'half');
    const files = await protectedFiles(workspace, config);
    expect(files.filter((file) => file.endsWith('.autoswe-tmp'))).toEqual([]);
    expect((await lockCheck(workspace, config)).ok).toBe(true);
  });

  it('passes right after an update and names every changed, added and missing file', async () => {
    const { workspace, config } = await setup('protected: ["legacy/**"]\n');
    const manifest = await updateLock(workspace, config);
    expect(manifest.files['rules.yaml']).toMatch(/^[0-9a-f]{64}$/);
    expect((await lockCheck(workspace, config)).ok).toBe(true);

    writeFileSync(join(ws.root, 'rules.yaml'), '- {id: r1, text: cheat}\n');
    writeFileSync(join(ws.root, 'legacy', 'extra'), 'new');
    rmSync(join(workspace.paths.baseline, 'words', 'a.out'));
    const check = await lockCheck(workspace, config);
    expect(check).toMatchObject({
      ok: false,
      changed: ['rules.yaml'],
      added: ['legacy/extra'],
      missing: ['.autoswe/baseline/words/a.out'],
      problem: null,
    });
    expect(describeLockCheck(check)).toBe(
      'protected files differ from LOCK.json (changed: rules.yaml; added: legacy/extra; missing: .autoswe/baseline/words/a.out)',
    );
  });

  it('a missing or corrupt LOCK.json fails with a reason and is left alone', async () => {
    const { workspace, config } = await setup();
    expect((await lockCheck(workspace, config)).problem).toMatch(
      /no .*LOCK\.json; run 'autoswe baseline-capture'/,
    );
    writeFileSync(workspace.paths.lockManifest, '{"files": 3}');
    const check = await lockCheck(workspace, config);
    expect(check.ok).toBe(false);
    expect(check.problem).toMatch(/LOCK\.json is corrupt/);
  });
});
