import { existsSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProxyHealth } from '../../../src/adapters/proxy.js';
import { DEFAULT_PROXY_BASE, quickProxyBase, resolveProxyBase } from '../../../src/core/config/proxy-base.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { buildStatusModel } from '../../../src/core/status/model.js';
import { tempWorkspace } from '../../helpers/workspace.js';

const HEALTHY: ProxyHealth = { kind: 'healthy', statusCode: 200, latencyMs: 1 };

describe('the status model', () => {
  let workspace: Workspace;
  let cleanup = () => {};
  beforeEach(() => {
    ({ workspace, cleanup } = tempWorkspace());
    writeFileSync(workspace.paths.config, 'name: test\n');
  });
  afterEach(() => cleanup());

  /** Builds the model with stub probes; `probedBeforeFiles` says whether the proxy probe ran before any await. */
  async function build(env: NodeJS.ProcessEnv) {
    const probed: string[] = [];
    const pending = buildStatusModel(workspace, {
      env,
      probes: {
        gpu: async () => ({ kind: 'absent' }),
        service: async () => ({ kind: 'unavailable', reason: 'test' }),
        proxy: async (base) => {
          probed.push(base);
          return HEALTHY;
        },
      },
    });
    const probedBeforeFiles = probed.length === 1;
    return { model: await pending, probed, probedBeforeFiles };
  }

  it('opens the proxy probe before reading the runtime files (AUTOSWE_PROXY_BASE and the default)', async () => {
    const fromEnv = await build({ AUTOSWE_PROXY_BASE: 'http://10.0.0.9:9000' });
    expect(fromEnv.probedBeforeFiles).toBe(true);
    expect(fromEnv.model.proxy).toMatchObject({ base: 'http://10.0.0.9:9000', source: 'AUTOSWE_PROXY_BASE' });

    const byDefault = await build({});
    expect(byDefault.probedBeforeFiles).toBe(true);
    expect(byDefault.model.proxy).toMatchObject({
      base: DEFAULT_PROXY_BASE,
      source: 'default',
      health: HEALTHY,
    });
  });

  it('probes proxy.base from autoswe.yaml, and the default when that section has no base', async () => {
    writeFileSync(workspace.paths.config, 'name: test\nproxy:\n  base: http://127.0.0.1:9100\n');
    const fromYaml = await build({});
    expect(fromYaml.probed).toEqual(['http://127.0.0.1:9100']);
    expect(fromYaml.model.proxy.source).toBe('autoswe.yaml');

    writeFileSync(workspace.paths.config, 'proxy:\n  timeout: 3\n');
    expect(await resolveProxyBase(workspace, {})).toEqual({ base: DEFAULT_PROXY_BASE, source: 'default' });
    writeFileSync(workspace.paths.config, 'proxy: [unclosed\n');
    expect(await resolveProxyBase(workspace, {})).toEqual({ base: DEFAULT_PROXY_BASE, source: 'default' });
  });

  it('records proxy.base per version of autoswe.yaml, so the YAML parser runs once per change', async () => {
    const summary = join(workspace.runtimeDir, 'config.summary.json');
    writeFileSync(workspace.paths.config, 'name: test\nproxy:\n  base: http://10.1.1.1:8011\n');
    // First: there is YAML to parse; the answer is recorded with the file's stamp.
    expect(quickProxyBase(workspace, {})).toHaveProperty('text');
    expect(await resolveProxyBase(workspace, {})).toEqual({
      base: 'http://10.1.1.1:8011',
      source: 'autoswe.yaml',
    });
    expect(existsSync(summary)).toBe(true);
    // Then: answered from the summary, synchronously, without the parser.
    expect(quickProxyBase(workspace, {})).toEqual({ base: 'http://10.1.1.1:8011', source: 'autoswe.yaml' });
    expect((await build({})).probed).toEqual(['http://10.1.1.1:8011']);

    // Another version of the file (same size and mtime, another inode: replaced by an editor): parsed again.
    writeFileSync(`${workspace.paths.config}.new`, 'name: test\nproxy:\n  base: http://10.2.2.2:8011\n');
    const before = statSync(workspace.paths.config);
    utimesSync(`${workspace.paths.config}.new`, before.atime, before.mtime);
    renameSync(`${workspace.paths.config}.new`, workspace.paths.config);
    expect(quickProxyBase(workspace, {})).toHaveProperty('text');
    expect((await build({})).probed).toEqual(['http://10.2.2.2:8011']);
    expect(quickProxyBase(workspace, {})).toEqual({ base: 'http://10.2.2.2:8011', source: 'autoswe.yaml' });

    // A summary that is not one (hand-edited, or of another shape) is ignored, never probed.
    const recorded = JSON.parse(readFileSync(summary, 'utf8'));
    for (const value of [
      { base: 42, source: 'autoswe.yaml' },
      { base: 'http://x', source: 'elsewhere' },
      null,
    ]) {
      writeFileSync(summary, JSON.stringify({ ...recorded, value }));
      expect(quickProxyBase(workspace, {})).toHaveProperty('text');
    }
    writeFileSync(summary, '{torn');
    expect((await build({})).probed).toEqual(['http://10.2.2.2:8011']);
    // AUTOSWE_PROXY_BASE still wins over what is recorded.
    expect(quickProxyBase(workspace, { AUTOSWE_PROXY_BASE: 'http://env:1' })).toEqual({
      base: 'http://env:1',
      source: 'AUTOSWE_PROXY_BASE',
    });
  });
});
