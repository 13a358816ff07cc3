import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configStamp, type HookPolicy, hookPolicyPath } from '../../src/core/runtime/hook-policy.js';
import { type Workspace, workspaceAt } from '../../src/core/runtime/workspace.js';
import { hookPolicyFor } from '../../src/loop/hook-policy.js';
import { waitFor } from '../e2e/loop-helpers.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Which version of the config the hook enforces (docs/RUNTIME.md section 12): the cached policy while the
 * config's stat stamp is the one recorded, else while its sha256 is; a new version is read at once.
 */
describe('hookPolicyFor: the cached policy and the config it was made from', () => {
  let workspace: Workspace;
  let config: string;
  let cleanup = () => {};
  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  const policyText = () => readFileSync(hookPolicyPath(workspace), 'utf8');
  const cache = (patch: Partial<HookPolicy>) => {
    const policy: HookPolicy = {
      root: workspace.root,
      runtime_dir: workspace.runtimeDir,
      target: join(workspace.root, 'target'),
      protected_globs: ['autoswe.yaml', 'rules.yaml', 'cases/**', 'from-the-cache/**'],
      protected_files: [],
      config,
      config_sha256: sha(config),
      run: 'run-1',
      written_at: new Date().toISOString(),
      ...patch,
    };
    writeFileSync(hookPolicyPath(workspace), JSON.stringify(policy));
  };

  beforeEach(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    workspace = workspaceAt(temp.dir, {});
    mkdirSync(workspace.runtimeDir);
    mkdirSync(join(workspace.root, 'target'));
    config = join(workspace.root, 'autoswe.yaml');
    writeFileSync(config, 'target: ./target\nprotected: ["cases/**"]\n');
    // As in a long run: the config was written well before the run stamped it.
    await waitFor('the config to age past the racy window', () => configStamp(config) !== null, 10_000);
  });
  afterEach(() => cleanup());

  it('a policy with the config stamp it was made for is used as it is, without hashing the config', async () => {
    // A wrong sha256 would have the policy rebuilt, dropping from-the-cache/**, had the bytes been hashed.
    cache({ config_sha256: 'ab'.repeat(32), config_stat: configStamp(config) });
    const before = policyText();
    expect((await hookPolicyFor(workspace, {})).protected_globs).toContain('from-the-cache/**');
    expect(policyText()).toBe(before);
  });

  it('the same bytes under another stamp (touched, or no stamp recorded) are used and not rewritten', async () => {
    for (const config_stat of [undefined, null, '1:2:3:4:5']) {
      cache(config_stat === undefined ? {} : { config_stat });
      const before = policyText();
      expect((await hookPolicyFor(workspace, {})).protected_globs).toContain('from-the-cache/**');
      expect(policyText()).toBe(before);
    }
    cache({ config_stat: configStamp(config) });
    utimesSync(config, new Date(), new Date(Date.now() - 86_400_000));
    const before = policyText();
    expect((await hookPolicyFor(workspace, {})).protected_globs).toContain('from-the-cache/**');
    expect(policyText()).toBe(before);
  });

  it('a config rewritten with bytes of the same size is read again at once, and the rebuild is stamped', async () => {
    cache({ config_stat: configStamp(config) });
    writeFileSync(config, 'target: ./target\nprotected: ["legal/**"]\n');
    const policy = await hookPolicyFor(workspace, {});
    expect(policy.protected_globs).toContain('legal/**');
    expect(policy.protected_globs).not.toContain('from-the-cache/**');
    const rebuilt = JSON.parse(policyText());
    // Just written, so its stamp is racy: none is recorded, and the next calls hash the bytes.
    expect(rebuilt).toMatchObject({ run: null, config_sha256: sha(config), config_stat: null });
    await waitFor('the config to age past the racy window', () => configStamp(config) !== null, 10_000);
    writeFileSync(hookPolicyPath(workspace), '{"root":');
    await hookPolicyFor(workspace, {});
    expect(JSON.parse(policyText())).toMatchObject({
      config_sha256: sha(config),
      config_stat: configStamp(config),
    });
  });

  it('a config that cannot be read is an error (the hook denies), whatever the cache says', async () => {
    cache({ config_stat: configStamp(config) });
    const gone = join(workspace.root, 'elsewhere.yaml');
    await expect(hookPolicyFor(workspace, { AUTOSWE_RUN_CONFIG: gone })).rejects.toThrow(
      `cannot read config ${gone}`,
    );
  });
});
