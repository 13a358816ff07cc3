import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../../src/base/placeholders.js';
import { parseDuration } from '../../../src/core/config/duration.js';
import { parseConfig } from '../../../src/core/config/load.js';
import { CONFIG_TEMPLATE } from '../../../src/core/config/template.js';

const FILE = '/ws/autoswe.yaml';
const MINIMAL = `target: ./target
legacy: {command: ["./legacy", "{case}"]}
new: {command: ["./target/run", "{case}"]}
modules: {parser: {cases: ["cases/parser/*.in"]}}
`;

async function errorOf(text: string): Promise<{ message: string; exitCode: number }> {
  try {
    await parseConfig(text, FILE, '/ws');
  } catch (error) {
    return error as { message: string; exitCode: number };
  }
  throw new Error('expected the config to be refused');
}

describe('config', () => {
  it('the template autoswe init writes is a valid config', async () => {
    const config = await parseConfig(CONFIG_TEMPLATE, FILE, '/ws');
    expect(config.target).toBe('/ws/target');
    expect(config.limits.agent_timeout_ms).toBe(30 * 60_000);
    expect(config.modules.example?.cases).toEqual(['cases/example/*']);
  });

  it('every key the template shows commented out is valid once uncommented', async () => {
    const uncommented = CONFIG_TEMPLATE.replace(/^([ \t]*)# ( *[a-z_]+:.*)$/gm, '$1$2');
    expect(uncommented).toContain('\nproxy:\n  base:');
    const config = await parseConfig(uncommented, FILE, '/ws');
    expect(config.agent.options.max_turns).toBe(40);
    expect(config.meta_judge.revert_threshold).toBe(3);
  });

  it('fills every default and makes paths absolute', async () => {
    const config = await parseConfig(MINIMAL, FILE, '/ws');
    expect(config).toMatchObject({
      file: FILE,
      root: '/ws',
      target: '/ws/target',
      legacy: { command: ['./legacy', '{case}'], cwd: '/ws', timeout_ms: 60_000, env: {} },
      agent: { adapter: 'claude-code', command: ['claude'], env: {} },
      judge: { command: null },
      protected: [],
      sandbox: 'none',
      images: [],
      limits: { max_iters: 50, agent_timeout_ms: 1_800_000, verify_parallel: 4, case_timeout_ms: 60_000 },
      watchdog: { stale_after_ms: 900_000 },
      meta_judge: { command: null, window: 50, revert_threshold: 3 },
      proxy: { base: 'http://127.0.0.1:8011' },
    });
    expect(config.agent.options).toEqual({
      model: null,
      max_turns: null,
      max_budget_usd: null,
      permission_mode: null,
      extra_args: [],
    });
  });

  it('a program timeout overrides limits.case_timeout; cwd resolves against the config folder', async () => {
    const config = await parseConfig(
      `${MINIMAL.replace('new: {command: ["./target/run", "{case}"]}', 'new: {command: [x], cwd: sub, timeout: 2s}')}limits: {case_timeout: 500ms}\n`,
      FILE,
      '/ws',
    );
    expect(config.new).toMatchObject({ cwd: '/ws/sub', timeout_ms: 2000 });
    expect(config.legacy.timeout_ms).toBe(500);
  });

  it('names the key path and the expected type, exit 2', async () => {
    const error = await errorOf(`${MINIMAL}limits:\n  max_iters: ten\n`);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('/ws/autoswe.yaml: limits.max_iters: expected a positive integer, got "ten"');
  });

  it('reports a missing required key', async () => {
    const error = await errorOf('target: ./t\nnew: {command: [x]}\nmodules: {m: {cases: [a]}}\n');
    expect(error.message).toBe('/ws/autoswe.yaml: legacy: required key is missing');
  });

  it('reports a wrong type deep inside a list', async () => {
    const error = await errorOf(MINIMAL.replace('"./legacy", "{case}"', '"./legacy", 3'));
    expect(error.message).toContain('legacy.command.1: expected a non-empty list of strings');
    expect(error.message).toContain('got 3');
  });

  it('refuses an unknown key so a typo is not silently ignored', async () => {
    const error = await errorOf(`${MINIMAL}limits: {max_iter: 3}\n`);
    expect(error.message).toMatch(/limits\.max_iter: unknown key/);
  });

  it('refuses a malformed duration and a bad enum value', async () => {
    expect((await errorOf(`${MINIMAL}limits: {agent_timeout: soon}\n`)).message).toMatch(
      /limits\.agent_timeout: expected a duration .*got "soon"/,
    );
    expect((await errorOf(`${MINIMAL}sandbox: docker\n`)).message).toMatch(
      /sandbox: expected none or bwrap, got "docker"/,
    );
  });

  it('refuses a module name that cannot be a folder name', async () => {
    const error = await errorOf(MINIMAL.replace('parser:', '"a/b":'));
    expect(error.message).toMatch(
      /modules\.a\/b: expected a module name of letters, digits, \. _ -, got "a\/b"/,
    );
  });

  it('requires agent.command for the command adapter', async () => {
    const error = await errorOf(`${MINIMAL}agent: {adapter: command}\n`);
    expect(error.message).toMatch(/agent\.command: expected a non-empty list of strings/);
  });

  it('refuses a config with no modules and one that is not YAML', async () => {
    expect((await errorOf(MINIMAL.replace(/modules:.*\n/, 'modules: {}\n'))).message).toMatch(
      /modules: expected at least one module/,
    );
    const bad = await errorOf('target: [\n');
    expect(bad.exitCode).toBe(2);
    expect(bad.message).toMatch(/^\/ws\/autoswe\.yaml: not valid YAML/);
    expect((await errorOf('- a\n')).message).toMatch(
      /\(top level\): expected a mapping of keys, got \["a"\]/,
    );
  });
});

describe('durations and placeholders', () => {
  it('parses seconds and unit suffixes', () => {
    expect(parseDuration(90)).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('15 minutes')).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
  });

  it('fills known placeholders and leaves other braces alone', () => {
    expect(
      fillPlaceholders(['run', '{case}', '--m={module}', '{other}'], { case: '/c/a.in', module: 'm' }),
    ).toEqual(['run', '/c/a.in', '--m=m', '{other}']);
  });
});
