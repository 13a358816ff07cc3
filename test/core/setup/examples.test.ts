import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/load.js';
import { demoSource, EXAMPLES, exampleNamed } from '../../../src/core/setup/demo-workspace.js';

describe('the bundled examples', () => {
  it('each one named in EXAMPLES has a valid autoswe.yaml and a target-seed', async () => {
    for (const name of Object.keys(EXAMPLES)) {
      const dir = demoSource(name);
      const config = await parseConfig(
        readFileSync(join(dir, 'autoswe.yaml'), 'utf8'),
        join(dir, 'autoswe.yaml'),
        dir,
      );
      expect(config.agent.adapter).toBe('command');
      expect(existsSync(join(dir, 'target-seed'))).toBe(true);
    }
  });

  it('share one scripted agent: the copies are the same file', () => {
    const script = (name: string) =>
      readFileSync(join(demoSource(name), 'agent', 'scripted-agent.mjs'), 'utf8');
    for (const name of Object.keys(EXAMPLES)) expect(script(name)).toBe(script('demo'));
  });

  it('go-port builds with go, checks vet (revert) and test (note), and runs the built binary', async () => {
    const dir = demoSource('go-port');
    const config = await parseConfig(
      readFileSync(join(dir, 'autoswe.yaml'), 'utf8'),
      join(dir, 'autoswe.yaml'),
      dir,
    );
    expect(config.build?.commands).toEqual([['go', 'build', '-o', 'bin/ledger', './cmd/ledger']]);
    expect(config.build?.env).toEqual({ GOTOOLCHAIN: 'local', GOPROXY: 'off' });
    expect(config.checks.map((check) => [check.name, check.on_fail])).toEqual([
      ['vet', 'revert'],
      ['test', 'note'],
    ]);
    expect(config.new.command[0]).toBe('./target/bin/ledger');
  });

  it('an unknown example is a usage error listing the examples', () => {
    expect(() => exampleNamed('rust-port')).toThrow(
      expect.objectContaining({
        message: "demo: unknown example 'rust-port'; the examples are: demo, go-port",
        exitCode: 2,
      }),
    );
  });
});
