import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AutosweError } from '../../../src/base/errors.js';
import { NOT_IN_WORKSPACE, resolveWorkspace, workspaceAt } from '../../../src/core/runtime/workspace.js';
import { tempDir } from '../../helpers/cli.js';

describe('workspace resolution', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  function workspaceTree() {
    const temp = tempDir('autoswe-ws-');
    cleanup = temp.cleanup;
    const root = join(temp.dir, 'repo');
    mkdirSync(join(root, 'src', 'deep'), { recursive: true });
    writeFileSync(join(root, 'autoswe.yaml'), '');
    return { temp: temp.dir, root };
  }

  it('finds the nearest ancestor holding autoswe.yaml; --root beats AUTOSWE_REPO_ROOT', () => {
    const { temp, root } = workspaceTree();
    expect(resolveWorkspace({ env: {}, cwd: join(root, 'src', 'deep') }).root).toBe(root);
    const other = join(temp, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'autoswe.yaml'), '');
    expect(resolveWorkspace({ env: { AUTOSWE_REPO_ROOT: other }, cwd: root }).root).toBe(other);
    expect(resolveWorkspace({ rootOption: root, env: { AUTOSWE_REPO_ROOT: other }, cwd: temp }).root).toBe(
      root,
    );
  });

  it('outside a workspace, or pointed at a folder without autoswe.yaml: the one-line usage error', () => {
    const { temp } = workspaceTree();
    const outside = (): unknown => resolveWorkspace({ env: {}, cwd: temp });
    expect(outside).toThrow(AutosweError);
    expect(outside).toThrow(NOT_IN_WORKSPACE);
    expect(() => resolveWorkspace({ env: { AUTOSWE_REPO_ROOT: temp }, cwd: temp })).toThrow(
      `AUTOSWE_REPO_ROOT ${temp} holds no autoswe.yaml; run 'autoswe init' there`,
    );
  });

  it('runtime paths are the docs/RUNTIME.md names under the runtime dir, AUTOSWE_RUNTIME_DIR moving them', () => {
    const { temp, root } = workspaceTree();
    const ws = workspaceAt(root, {});
    expect(ws.runtimeDir).toBe(join(root, '.autoswe'));
    expect(ws.paths).toMatchObject({
      config: join(root, 'autoswe.yaml'),
      state: join(root, '.autoswe', 'state.json'),
      verdicts: join(root, '.autoswe', 'VERDICTS'),
      pauseHard: join(root, '.autoswe', 'PAUSE_HARD'),
      journeyDir: join(root, 'docs', 'journey'),
      rulesYaml: join(root, 'rules.yaml'),
    });
    const moved = workspaceAt(`${root}/src/..//`, { AUTOSWE_RUNTIME_DIR: join(temp, 'rt', '.') });
    expect(moved.root).toBe(root);
    expect(moved.paths.state).toBe(join(temp, 'rt', 'state.json'));
    expect(moved.paths.config).toBe(join(root, 'autoswe.yaml'));
  });

  it('a workspace at the file system root gets single separators', () => {
    const ws = workspaceAt('/', { AUTOSWE_RUNTIME_DIR: '/' });
    expect(ws.paths.config).toBe('/autoswe.yaml');
    expect(ws.paths.state).toBe('/state.json');
    expect(ws.paths.journeyDir).toBe('/docs/journey');
  });
});
