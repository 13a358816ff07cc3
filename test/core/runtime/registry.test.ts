import { mkdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isInstanceName } from '../../../src/core/runtime/instance-name.js';
import {
  configHome,
  readRegistry,
  registeredName,
  registerWorkspace,
  registryDir,
  unregisterWorkspace,
} from '../../../src/core/runtime/registry.js';
import { tempDir } from '../../helpers/cli.js';

describe('workspace names', () => {
  it('takes what systemd keeps as it is, and refuses what it would escape or hide', () => {
    for (const name of ['parser', 'parser-port', 'gpu1.lexer', 'a_b', 'X', '9lives', 'a'.repeat(64)]) {
      expect(isInstanceName(name), name).toBe(true);
    }
    for (const name of [
      '',
      '.hidden',
      '..',
      '-x',
      'my ws',
      'a/b',
      'a\\x2db',
      'ünï',
      'a%i',
      'a@b',
      'a:b',
      'a'.repeat(65),
    ]) {
      expect(isInstanceName(name), name).toBe(false);
    }
  });
});

describe('the workspace registry (docs/RUNTIME.md section 18)', () => {
  let dir: { dir: string; cleanup: () => void };
  let env: NodeJS.ProcessEnv;
  const workspace = (name: string) => {
    const root = join(dir.dir, name);
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'autoswe.yaml'), '');
    return root;
  };
  beforeEach(() => {
    dir = tempDir();
    env = { HOME: join(dir.dir, 'home') };
  });
  afterEach(() => dir.cleanup());

  it('lives in $XDG_CONFIG_HOME when absolute, else ~/.config', () => {
    expect(registryDir({ HOME: '/home/u' })).toBe('/home/u/.config/autoswe/workspaces');
    expect(registryDir({ HOME: '/home/u', XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/autoswe/workspaces');
    // The XDG spec ignores a relative value.
    expect(configHome({ HOME: '/home/u', XDG_CONFIG_HOME: 'relative' })).toBe('/home/u/.config');
  });

  it('registers by a symlink to the real path, finds a root by its real path, and unregisters', () => {
    const root = workspace('ws');
    const link = join(dir.dir, 'via-link');
    symlinkSync(root, link);
    const path = registerWorkspace(env, 'parser', link);
    expect(readlinkSync(path)).toBe(root);
    expect(registeredName(env, root)).toBe('parser');
    expect(registeredName(env, link)).toBe('parser');
    expect(readRegistry(env)).toEqual([{ kind: 'ok', name: 'parser', path, root }]);
    // Registering again replaces the link in one rename.
    registerWorkspace(env, 'parser', workspace('other'));
    expect(registeredName(env, root)).toBeNull();
    unregisterWorkspace(env, 'parser');
    expect(readRegistry(env)).toEqual([]);
    unregisterWorkspace(env, 'parser');
  });

  it('decodes every broken entry into one line saying what is wrong, and skips dot-names', () => {
    const registry = registryDir(env);
    mkdirSync(registry, { recursive: true });
    symlinkSync(join(dir.dir, 'gone'), join(registry, 'gone'));
    symlinkSync('relative/path', join(registry, 'relative'));
    const empty = join(dir.dir, 'empty');
    mkdirSync(empty);
    symlinkSync(empty, join(registry, 'no-config'));
    writeFileSync(join(registry, 'a-file'), '/srv/ws\n');
    mkdirSync(join(registry, 'a-folder'));
    symlinkSync(workspace('x'), join(registry, 'bad name'));
    writeFileSync(join(dir.dir, 'file-target'), '');
    symlinkSync(join(dir.dir, 'file-target'), join(registry, 'to-file'));
    symlinkSync(workspace('y'), join(registry, '.parser.123.tmp'));
    const problems = Object.fromEntries(
      readRegistry(env).map((entry) => [entry.name, entry.kind === 'broken' ? entry.problem : 'ok']),
    );
    expect(problems).toEqual({
      'a-file': 'expected a symlink to a workspace folder, got a regular file',
      'a-folder': 'expected a symlink to a workspace folder, got a folder',
      'bad name':
        "not a workspace name (1 to 64 letters (a-z, A-Z), digits, '.', '_' or '-', starting with a letter or digit)",
      gone: `points at ${join(dir.dir, 'gone')}, which no longer exists`,
      'no-config': `points at ${empty}, which holds no autoswe.yaml`,
      relative: 'expected a link to an absolute path, got "relative/path"',
      'to-file': `points at ${join(dir.dir, 'file-target')}, which is not a folder`,
    });
    // A folder is never removed by unregistering.
    expect(() => unregisterWorkspace(env, 'a-folder')).toThrow('is not a symlink; autoswe leaves it alone');
  });
});
