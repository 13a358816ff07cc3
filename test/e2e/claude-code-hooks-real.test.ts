import { execFile } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bwrapUnavailable } from '../helpers/bwrap.js';
import { tempDir } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { claudeCodeBinary, claudeCodeEnv, ModelApi } from '../helpers/model-api.js';

let api: ModelApi | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await api?.stop();
  api = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Source = 'user' | 'project' | 'local';

/** What the settings file of `source` says: hooks off, or only managed hooks. */
type Switch = { disableAllHooks: boolean } | { allowManagedHooksOnly: true };

/**
 * Runs the real Claude Code once in a project whose `source` settings file sets disableAllHooks, with a
 * --settings file installing a PreToolUse hook that leaves a mark; `override` adds "disableAllHooks":
 * false to that file (what the claude-code adapter writes). Resolves to whether the hook ran.
 */
async function hookRan(
  claude: string,
  sources: readonly Source[],
  override: boolean,
  setting: Switch = { disableAllHooks: true },
  managed?: Switch,
): Promise<boolean> {
  const { dir, cleanup } = tempDir('autoswe-cc-hooks-');
  cleanups.push(cleanup);
  const home = join(dir, 'home');
  const project = join(dir, 'project');
  const mark = join(dir, 'hook-ran');
  mkdirSync(join(home, '.claude'), { recursive: true });
  mkdirSync(join(project, '.claude'), { recursive: true });
  const files = {
    user: join(home, '.claude', 'settings.json'),
    project: join(project, '.claude', 'settings.json'),
    local: join(project, '.claude', 'settings.local.json'),
  };
  for (const source of sources) writeFileSync(files[source], `${JSON.stringify(setting)}\n`);
  const settings = join(dir, 'settings.json');
  writeFileSync(
    settings,
    JSON.stringify({
      ...(override ? { disableAllHooks: false } : {}),
      hooks: {
        PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: `echo ran >> '${mark}'` }] }],
      },
    }),
  );
  api = await new ModelApi().start([{ tool: 'Read', input: { file_path: settings } }, { text: 'Done.' }]);
  const env = { PATH: process.env.PATH ?? '', IS_SANDBOX: '1', ...claudeCodeEnv(home, api) };
  const argv = [
    claude,
    '-p',
    'read the file',
    '--output-format',
    'stream-json',
    '--verbose',
    '--settings',
    settings,
  ];
  if (managed !== undefined) {
    const managedDir = join(dir, 'managed');
    mkdirSync(managedDir);
    writeFileSync(join(managedDir, 'managed-settings.json'), JSON.stringify(managed));
    argv.unshift(...withManagedSettings(managedDir));
  }
  const [program = '', ...args] = argv;
  await new Promise<void>((resolve) => {
    execFile(
      program,
      args,
      { cwd: project, env: { ...env, CLAUDE_CODE_PERMISSION_MODE: '' }, timeout: 60_000 },
      () => resolve(),
    ).stdin?.end();
  });
  expect(api.requests.length).toBeGreaterThanOrEqual(2);
  return existsSync(mark) && readFileSync(mark, 'utf8').includes('ran');
}

/**
 * bwrap arguments that show Claude Code `dir` as /etc/claude-code (its managed settings on Linux) and the
 * rest of the machine as it is: a tmpfs over /etc with every real entry bound back, so nothing outside
 * the sandbox is touched.
 */
function withManagedSettings(dir: string): string[] {
  const args = ['bwrap', '--dev-bind', '/', '/', '--tmpfs', '/etc'];
  for (const name of readdirSync('/etc')) {
    const path = join('/etc', name);
    if (lstatSync(path).isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else args.push('--dev-bind', path, path);
  }
  args.push('--ro-bind', dir, '/etc/claude-code', '--');
  return args;
}

describe('Claude Code honours the adapter\'s "disableAllHooks": false over user and project settings', () => {
  const claude = claudeCodeBinary();
  const missing = () =>
    componentMissing('Claude Code CLI', claude !== undefined, 'npm ci installs it') || claude === undefined;

  it('with no settings of its own the hook runs (the control)', async () => {
    if (missing() || !claude) return;
    expect(await hookRan(claude, [], false)).toBe(true);
  }, 150_000);

  for (const source of ['user', 'project', 'local'] as const) {
    it(`${source} settings with disableAllHooks: the hook runs only with the override`, async () => {
      if (missing() || !claude) return;
      expect(await hookRan(claude, [source], false)).toBe(false);
      expect(await hookRan(claude, [source], true)).toBe(true);
    }, 150_000);
  }

  it('all three at once, and allowManagedHooksOnly in user settings: the override still wins', async () => {
    if (missing() || !claude) return;
    expect(await hookRan(claude, ['user', 'project', 'local'], true)).toBe(true);
    expect(await hookRan(claude, ['user', 'project'], true, { allowManagedHooksOnly: true })).toBe(true);
  }, 150_000);

  it('managed settings outrank it: disableAllHooks or allowManagedHooksOnly there keep the hook off (preflight fails on them)', async () => {
    if (missing() || !claude) return;
    const why = bwrapUnavailable();
    if (componentMissing('bwrap', why === null, why ?? '')) return;
    expect(await hookRan(claude, [], true, undefined, { disableAllHooks: false })).toBe(true);
    expect(await hookRan(claude, [], true, undefined, { disableAllHooks: true })).toBe(false);
    expect(await hookRan(claude, [], true, undefined, { allowManagedHooksOnly: true })).toBe(false);
  }, 150_000);
});
