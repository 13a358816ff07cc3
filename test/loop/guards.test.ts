import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { resume } from '../../src/core/runtime/sentinels.js';
import { workspaceAt } from '../../src/core/runtime/workspace.js';
import { runLoop } from '../../src/loop/runner.js';
import { type DemoWorkspace, readState, setupDemo, verdictLines, waitFor } from '../e2e/loop-helpers.js';
import { runCli } from '../helpers/cli.js';

/**
 * The guards over many iterations (docs/LOOP.md "Breaker" and "Budget") on the demo workspace, with an agent
 * that changes nothing and prints one Claude Code `result` event of a known cost: every iteration is a
 * REVISE without a flip, and each session costs NOOP_COST.
 */
const NOOP_AGENT = `const cost = Number(process.env.NOOP_COST ?? '0.01');
const id = 's-' + process.pid + '-' + Date.now();
console.log(JSON.stringify({ type: 'system', subtype: 'init', session_id: id }));
console.log(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, num_turns: 1,
  total_cost_usd: cost, session_id: id, result: 'nothing to do',
  usage: { input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: 10 } }));
`;

let demo: DemoWorkspace | undefined;
let stop: AbortController | undefined;
let running: Promise<unknown> | undefined;
afterEach(async () => {
  stop?.abort();
  await running?.catch(() => undefined);
  demo?.cleanup();
  demo = undefined;
  running = undefined;
});

async function start(yaml: string, cost = '0.01') {
  demo = await setupDemo({
    edit: (text) =>
      `${text
        .replace(
          /command: \["node", "\.\.\/agent\/scripted-agent\.mjs".*\]/,
          'command: ["node", "../agent/noop.mjs"]',
        )
        .replace('SCRIPTED_AGENT_DELAY_MS: "40"', `NOOP_COST: "${cost}"`)
        .replace('max_iters: 10', 'max_iters: 30')}\n${yaml}\n`,
  });
  writeFileSync(join(demo.root, 'agent', 'noop.mjs'), NOOP_AGENT);
  const workspace = workspaceAt(demo.root, {});
  const config = await loadConfig(workspace);
  stop = new AbortController();
  running = runLoop(workspace, config, {
    signal: stop.signal,
    env: { ...process.env, AUTOSWE_RUNTIME_DIR: '' },
    onEvent: () => undefined,
  });
  return { root: demo.root, workspace };
}

function pauseText(root: string): string | null {
  const path = join(root, '.autoswe', 'PAUSE');
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

async function heldAfter(root: string, verdicts: number) {
  await waitFor('the loop to hold', () => readState(root).status === 'PAUSED', 60_000);
  expect(verdictLines(root)).toHaveLength(verdicts);
  return pauseText(root) ?? '';
}

describe('the breaker (breaker.no_progress)', () => {
  it('soft-pauses after exactly N judged iterations without a flip, says why; resume starts the count again', async () => {
    const { root } = await start('breaker: {no_progress: 3, module_attempts: null}');
    const text = await heldAfter(root, 3);
    expect(text).toMatch(/^\S+ breaker: no progress in 3 iterations: 3 REVISE, module calc\n$/);
    expect(readState(root).reason).toMatch(/^pause: .* breaker: no progress in 3 iterations/);
    const breaker = JSON.parse(readFileSync(join(root, '.autoswe', 'breaker.json'), 'utf8'));
    expect(breaker.no_progress).toMatchObject({ count: 3, verdicts: { REVISE: 3 }, modules: ['calc'] });
    const status = await runCli(['status', '--json'], { cwd: root });
    expect(JSON.parse(status.stdout).guards.noProgress).toEqual({ count: 3, limit: 3 });

    // Held: no fourth iteration while paused.
    expect(verdictLines(root)).toHaveLength(3);
    resume(workspaceAt(root, {}));
    await waitFor('the loop to run again', () => readState(root).status !== 'PAUSED', 10_000);
    // The count starts again at the resume: three more iterations, not one.
    const again = await heldAfter(root, 6);
    expect(again).toContain('no progress in 3 iterations');
  }, 120_000);
});

describe('the module set-aside (breaker.module_attempts)', () => {
  it('sets a module aside after exactly N attempts, skips it, pauses when all are aside; unskip puts one back', async () => {
    const { root } = await start('breaker: {no_progress: null, module_attempts: 2}');
    // The demo starts with RED cells in calc and units (format is GREEN): each twice, the most RED first.
    const text = await heldAfter(root, 4);
    expect(verdictLines(root).map((line) => line.module)).toEqual(['calc', 'calc', 'units', 'units']);
    expect(text).toMatch(
      /breaker: every module with RED cells is set aside \(calc, units\); 'autoswe unskip MODULE'/,
    );
    const breaker = JSON.parse(readFileSync(join(root, '.autoswe', 'breaker.json'), 'utf8'));
    expect(Object.keys(breaker.set_aside).sort()).toEqual(['calc', 'units']);
    expect(breaker.set_aside.calc).toMatchObject({ attempts: 2, iter: 2 });
    expect(breaker.set_aside.units).toMatchObject({ attempts: 2, iter: 4 });

    const status = await runCli(['status'], { cwd: root });
    expect(status.stdout).toMatch(
      /set aside {2}calc \(iter 2: 2 judged iterations in a row without a RED→GREEN flip\)/,
    );
    const json = JSON.parse((await runCli(['status', '--json'], { cwd: root })).stdout);
    expect(json.guards.setAside.map((entry: { module: string }) => entry.module).sort()).toEqual([
      'calc',
      'units',
    ]);
    const select = await runCli(['select-module'], { cwd: root });
    expect(select.stdout).toContain('every module with RED cells is set aside');

    const unskip = await runCli(['unskip', 'units'], { cwd: root });
    expect(unskip.code).toBe(0);
    expect(unskip.stdout).toContain('units is back');
    expect(unskip.stdout).toContain("'autoswe resume'");
    expect((await runCli(['unskip', 'units'], { cwd: root })).stdout).toContain('was not set aside');
    expect((await runCli(['unskip', 'nosuch'], { cwd: root })).code).toBe(2);
    expect((await runCli(['resume'], { cwd: root })).code).toBe(0);
    await waitFor('units to be tried again', () => verdictLines(root).length >= 6, 60_000);
    expect(
      verdictLines(root)
        .slice(4, 6)
        .map((line) => line.module),
    ).toEqual(['units', 'units']);
    await waitFor('the loop to hold again', () => readState(root).status === 'PAUSED', 60_000);
    expect(verdictLines(root)).toHaveLength(6);
  }, 120_000);
});

describe('the budget (limits.max_cost_usd, max_cost_usd_per_day, max_tokens_per_day)', () => {
  it('pauses before the session that would start at the per-run limit, naming the limit and the spend', async () => {
    const { root } = await start('', '0.01');
    await waitFor('a session', () => verdictLines(root).length >= 1, 60_000);
    stop?.abort();
    await running;
    // COSTS holds one line per session; a new run with a per-run limit of 3 sessions' worth.
    const costs = readFileSync(join(root, '.autoswe', 'COSTS'), 'utf8')
      .trim()
      .split('\n');
    const before = costs.length;
    expect(before).toBe(verdictLines(root).length);
    const config = join(root, 'autoswe.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('max_iters: 30', 'max_iters: 30\n  max_cost_usd: 0.03'),
    );
    await runCli(['lock-check', '--update'], { cwd: root });
    const workspace = workspaceAt(root, {});
    stop = new AbortController();
    running = runLoop(workspace, await loadConfig(workspace), {
      signal: stop.signal,
      env: { ...process.env, AUTOSWE_RUNTIME_DIR: '' },
      onEvent: () => undefined,
    });
    const text = await heldAfter(root, before + 3);
    expect(text).toMatch(
      /budget: limits\.max_cost_usd \(\$0\.03\) reached: \$0\.03 spent in run \S+ \(3 sessions\)/,
    );
    // Held before the agent, not after: the plan is written, no fourth session.
    expect(readState(root)).toMatchObject({ status: 'PAUSED', vertex: 'plan' });
    const status = await runCli(['status'], { cwd: root });
    expect(status.stdout).toMatch(
      /spend {6}today \$0\.0\d+, \S+ tok · run \$0\.03 \/ \$0\.03 \(3 sessions\) · ETA/,
    );

    // A resume while still over the limit pauses again at once, with no session in between.
    resume(workspace);
    await waitFor('the budget to pause again', () => pauseText(root) !== null, 10_000);
    expect(verdictLines(root)).toHaveLength(before + 3);
  }, 120_000);

  it('per UTC day: USD and tokens', async () => {
    const { root } = await start('', '0.02');
    await waitFor('two sessions', () => verdictLines(root).length >= 2, 60_000);
    stop?.abort();
    await running;
    const sessions = readFileSync(join(root, '.autoswe', 'COSTS'), 'utf8')
      .trim()
      .split('\n').length;
    const config = join(root, 'autoswe.yaml');
    const base = readFileSync(config, 'utf8');
    // The day's spend is already at (or past) the limit: the new run pauses before its first session.
    writeFileSync(
      config,
      base.replace('max_iters: 30', `max_iters: 30\n  max_cost_usd_per_day: ${0.02 * sessions}`),
    );
    await runCli(['lock-check', '--update'], { cwd: root });
    const workspace = workspaceAt(root, {});
    stop = new AbortController();
    running = runLoop(workspace, await loadConfig(workspace), {
      signal: stop.signal,
      env: { ...process.env, AUTOSWE_RUNTIME_DIR: '' },
      onEvent: () => undefined,
    });
    const day = new Date().toISOString().slice(0, 10);
    const text = await heldAfter(root, sessions);
    expect(text).toContain(`budget: limits.max_cost_usd_per_day ($${(0.02 * sessions).toFixed(2)}) reached`);
    expect(text).toContain(`spent today (${day} UTC)`);
    stop.abort();
    await running;
    resume(workspace);

    // Tokens: 1,160 a session (100 in, 50 out, 1,000 cache read, 10 cache write).
    writeFileSync(
      config,
      base.replace('max_iters: 30', `max_iters: 30\n  max_tokens_per_day: ${1160 * (sessions + 1)}`),
    );
    await runCli(['lock-check', '--update'], { cwd: root });
    stop = new AbortController();
    running = runLoop(workspace, await loadConfig(workspace), {
      signal: stop.signal,
      env: { ...process.env, AUTOSWE_RUNTIME_DIR: '' },
      onEvent: () => undefined,
    });
    const tokens = await heldAfter(root, sessions + 1);
    expect(tokens).toContain(
      `budget: limits.max_tokens_per_day (${(1160 * (sessions + 1)).toLocaleString('en-US')}) reached: ${(1160 * (sessions + 1)).toLocaleString('en-US')} tokens today (${day} UTC)`,
    );
  }, 120_000);
});
