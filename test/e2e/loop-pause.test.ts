import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type DemoWorkspace, readState, setupDemo, startRun, verdictLines, waitFor } from './loop-helpers.js';

let demo: DemoWorkspace | undefined;
afterEach(() => demo?.cleanup());

describe('pause and resume while the loop runs', () => {
  it('a soft pause mid-run holds the loop at the next vertex; resume wakes it at once (file watch, not the 60 s tick) and it continues', async () => {
    demo = await setupDemo({ delayMs: 300, maxIters: 2 });
    const { root } = demo;
    const run = startRun(root);
    await waitFor('the agent to run', () => readState(root).vertex === 'implement');
    expect((await runCli(['pause', '-m', 'lunch'], { cwd: root })).code).toBe(0);

    // The vertex in flight finishes; the loop then holds before verify.
    const held = await waitFor('the loop to hold', () => {
      const state = readState(root);
      return state.status === 'PAUSED' ? state : undefined;
    });
    expect(held).toMatchObject({ vertex: 'implement', iter: 1, reason: expect.stringContaining('lunch') });
    const status = await runCli(['status'], { cwd: root });
    expect(status.stdout).toMatch(/SOFT PAUSED - .*lunch/);
    // Still held once status has come and gone, with nothing judged.
    expect(readState(root)).toMatchObject({ status: 'PAUSED', vertex: 'implement' });
    expect(verdictLines(root)).toEqual([]);

    expect((await runCli(['resume'], { cwd: root })).code).toBe(0);
    // docs/RUNTIME.md: resume wakes the loop at once (file watch), not at the 60 s tick: well inside this
    // deadline. bench/resume-wake.mjs measures the real figure.
    await waitFor('the loop to wake', () => readState(root).status !== 'PAUSED', 10_000);

    const end = await run.exited;
    expect(end.code).toBe(3);
    expect(run.stdout).toContain('PAUSED - pause: ');
    expect(run.stdout).toContain('resumed');
    expect(verdictLines(root).map((line) => line.verdict)).toEqual(['ACCEPT', 'ACCEPT']);
    expect(readState(root).status).toBe('MAX_ITERS');
  }, 60_000);

  it('a hard pause makes the hook deny the agent tool calls, holds the loop, and resume continues', async () => {
    demo = await setupDemo({ delayMs: 500, maxIters: 1 });
    const { root } = demo;
    const run = startRun(root);
    await waitFor('the agent session to start', () => readState(root).vertex === 'implement');
    expect((await runCli(['pause', '--hard', '-m', 'incident 42'], { cwd: root })).code).toBe(0);
    await waitFor('the loop to hold', () => readState(root).status === 'PAUSED');
    expect(readState(root).reason).toMatch(/^hard pause: .*incident 42/);

    const transcript = readFileSync(readFileSync(join(root, '.autoswe', 'ACTIVE'), 'utf8').trim(), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const denied = transcript.filter(
      (event) => event.type === 'user' && event.message.content[0].is_error === true,
    );
    // The first call after the pause is denied and ends the agent's turn: no second try, the session over.
    expect(denied).toHaveLength(1);
    expect(denied[0].message.content[0].content).toMatch(/^autoswe: hard paused .*incident 42/);
    const last = transcript.at(-1);
    expect(last).toMatchObject({
      type: 'result',
      result: expect.stringMatching(/^stopped by the hook: autoswe: hard paused .*incident 42/),
    });
    // The denied write never reached the target.
    expect(readFileSync(join(root, 'target', 'src', 'calc.mjs'), 'utf8')).not.toContain("op === '*'");

    await runCli(['resume'], { cwd: root });
    const end = await run.exited;
    expect(end.code).toBe(3);
    expect(verdictLines(root).map((line) => line.verdict)).toEqual(['REVISE']);
    // The scripted agent treats work a hard pause held back as not done: its step is tried again.
    expect(existsSync(join(root, 'agent', 'memory', 'calc.json'))).toBe(false);
  }, 60_000);
  it("keeps the watchdog's WEDGE_PAUSED while held, and resume lets it continue", async () => {
    demo = await setupDemo({ delayMs: 300, maxIters: 1 });
    const { root } = demo;
    const run = startRun(root);
    await waitFor('the agent to run', () => readState(root).vertex === 'implement');
    // What the watchdog does to a loop it thinks is wedged.
    await runCli(['state-merge', '{"status":"WEDGE_PAUSED","reason":"heartbeat 20 min old"}'], { cwd: root });
    await runCli(['pause', '-m', 'watchdog: heartbeat stale'], { cwd: root });
    await waitFor('the loop to hold', () => run.stdout.includes('PAUSED - pause:'));
    expect(readState(root)).toMatchObject({ status: 'WEDGE_PAUSED', reason: 'heartbeat 20 min old' });
    await runCli(['resume'], { cwd: root });
    expect((await run.exited).code).toBe(3);
    expect(readState(root).status).toBe('MAX_ITERS');
  }, 60_000);
});
