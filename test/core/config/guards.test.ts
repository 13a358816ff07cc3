import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/load.js';

const FILE = '/ws/autoswe.yaml';
const MINIMAL = `target: ./target
legacy: {command: ["./legacy", "{case}"]}
new: {command: ["./target/run", "{case}"]}
modules: {parser: {cases: ["cases/parser/*.in"]}}
`;

async function errorOf(text: string): Promise<string> {
  try {
    await parseConfig(text, FILE, '/ws');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

describe('config: breaker and budget (docs/CONFIG.md)', () => {
  it('defaults: breaker 5 and 4, no budget limit', async () => {
    const config = await parseConfig(MINIMAL, FILE, '/ws');
    expect(config.breaker).toEqual({ no_progress: 5, module_attempts: 4 });
    expect(config.limits).toMatchObject({
      max_cost_usd: null,
      max_cost_usd_per_day: null,
      max_tokens_per_day: null,
    });
  });

  it('takes values and null (a guard off)', async () => {
    const config = await parseConfig(
      `${MINIMAL}breaker: {no_progress: null, module_attempts: 2}\nlimits: {max_cost_usd: 2.5, max_cost_usd_per_day: 10, max_tokens_per_day: 1000000}\n`,
      FILE,
      '/ws',
    );
    expect(config.breaker).toEqual({ no_progress: null, module_attempts: 2 });
    expect(config.limits).toMatchObject({
      max_cost_usd: 2.5,
      max_cost_usd_per_day: 10,
      max_tokens_per_day: 1_000_000,
    });
  });

  it('refuses bad values and unknown keys, naming the key', async () => {
    expect(await errorOf(`${MINIMAL}breaker: {no_progress: 0}\n`)).toBe(
      '/ws/autoswe.yaml: breaker.no_progress: expected a positive integer, got 0',
    );
    expect(await errorOf(`${MINIMAL}breaker: {attempts: 3}\n`)).toMatch(/breaker\.attempts: unknown key/);
    expect(await errorOf(`${MINIMAL}limits: {max_cost_usd: -1}\n`)).toBe(
      '/ws/autoswe.yaml: limits.max_cost_usd: expected a positive number, got -1',
    );
    expect(await errorOf(`${MINIMAL}limits: {max_tokens_per_day: 1.5}\n`)).toBe(
      '/ws/autoswe.yaml: limits.max_tokens_per_day: expected a positive integer, got 1.5',
    );
  });
});
