import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import {
  addAgentStep,
  DEMO_MULTIPLY,
  type DemoWorkspace,
  git,
  RULES_TAMPERING_AGENT,
  readJson,
  readState,
  setupDemo,
  startRun,
  verdictLines,
  waitFor,
  withAgent,
} from './loop-helpers.js';

let demo: DemoWorkspace | undefined;
afterEach(() => demo?.cleanup());

describe('the loop guards the target', () => {
  it('a tampered protected file forces REVERT even with progress, and the reset restores it', async () => {
    demo = await setupDemo({ maxIters: 2 });
    const { root } = demo;
    const notes = readFileSync(join(root, 'target', 'tests', 'README.md'), 'utf8');
    // A misbehaving agent: real progress, plus an edit of the protected notes that skips the hook.
    addAgentStep(
      root,
      'calc',
      '00-tamper',
      { plan: 'Multiply, and loosen the acceptance notes.', summary: 'Done.', bypass_hook: true },
      { 'src/calc.mjs': DEMO_MULTIPLY, 'tests/README.md': 'All cases pass, trust me.\n' },
    );
    const result = await runCli(['run', '--config', demo.config], { cwd: root, timeoutMs: 30_000 });
    expect(result.code).toBe(3);
    const [first] = verdictLines(root);
    expect(first).toMatchObject({
      iter: 1,
      verdict: 'REVERT',
      reason: expect.stringMatching(/^lock-check failed: .*changed: target\/tests\/README\.md/),
      flips: ['calc/mul'],
    });
    expect(readFileSync(join(root, 'target', 'tests', 'README.md'), 'utf8')).toBe(notes);
    expect((await runCli(['lock-check'], { cwd: root })).code).toBe(0);
    // Parity is back to where the iteration started, not the thrown-away progress.
    expect(first?.green_after).toBe(first?.green_before);
  }, 40_000);

  it('a protected file outside the target that a REVERT cannot restore pauses the loop until the operator does', async () => {
    demo = await setupDemo({ maxIters: 2 });
    const { root } = demo;
    const rules = join(root, 'rules.yaml');
    const original = readFileSync(rules, 'utf8');
    writeFileSync(demo.config, withAgent(readFileSync(demo.config, 'utf8'), RULES_TAMPERING_AGENT));
    expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);

    const run = startRun(root);
    await waitFor('the loop to hold', () => readState(root).status === 'PAUSED', 30_000);
    expect(readState(root).reason).toMatch(
      /autoswe: lock-check still fails after the REVERT \(.*changed: rules\.yaml.*\).*'autoswe resume'$/,
    );
    expect(verdictLines(root)).toEqual([
      expect.objectContaining({
        iter: 1,
        verdict: 'REVERT',
        reason: expect.stringContaining('lock-check failed'),
      }),
    ]);

    // The operator restores the file and resumes: the next iteration is judged on its own merits.
    writeFileSync(rules, original);
    expect((await runCli(['resume'], { cwd: root })).code).toBe(0);
    expect((await run.exited).code).toBe(3);
    expect(verdictLines(root).map((line) => line.verdict)).toEqual(['REVERT', 'REVISE']);
  }, 60_000);

  it('the hook stops an agent that asks before writing a protected file; its other work is kept', async () => {
    demo = await setupDemo({ maxIters: 1 });
    const { root } = demo;
    addAgentStep(
      root,
      'calc',
      '00-polite',
      { plan: 'Multiply, and update the notes.', summary: 'Done.' },
      { 'src/calc.mjs': DEMO_MULTIPLY, 'tests/README.md': 'changed\n' },
    );
    expect((await runCli(['run', '--config', demo.config], { cwd: root, timeoutMs: 30_000 })).code).toBe(3);
    expect(verdictLines(root)).toEqual([expect.objectContaining({ verdict: 'ACCEPT', flips: ['calc/mul'] })]);
    const transcript = readFileSync(String(verdictLines(root)[0]?.transcript), 'utf8');
    expect(transcript).toContain('target/tests/README.md is protected');
    expect(readFileSync(join(root, 'target', 'tests', 'README.md'), 'utf8')).not.toBe('changed\n');
  }, 40_000);

  it('SIGTERM mid-iteration stops the agent, reverts the target and parity, records it, and exits 0', async () => {
    demo = await setupDemo({ delayMs: 1_500 });
    const { root } = demo;
    const target = join(root, 'target');
    const start = git(target, 'rev-parse', 'HEAD');
    const run = startRun(root);
    // Wait until the agent has changed the target: the iteration is really in flight.
    await waitFor('the agent to write', () => git(target, 'status', '--porcelain') !== '', 30_000);
    const parityAtStart = readJson(join(root, '.autoswe', 'parity.json'));
    const runId = String(readState(root).run);
    run.child.kill('SIGTERM');
    const end = await run.exited;
    expect(end).toEqual({ code: 0, signal: null });
    expect(run.stderr).toContain('stopping');

    expect(git(target, 'rev-parse', 'HEAD')).toBe(start);
    expect(git(target, 'status', '--porcelain')).toBe('');
    expect(readJson(join(root, '.autoswe', 'parity.json'))).toEqual(parityAtStart);
    expect(readState(root)).toMatchObject({
      status: 'IDLE',
      iter: 1,
      reason: expect.stringContaining('reverted'),
    });
    expect(verdictLines(root)).toEqual([
      expect.objectContaining({ iter: 1, verdict: 'REVERT', interrupted: true, module: 'calc' }),
    ]);
    expect(readJson(join(root, '.autoswe', 'runs', runId, 'run.json'))).toMatchObject({
      outcome: 'interrupted',
    });
    expect(existsSync(join(root, '.autoswe', 'run.lock'))).toBe(false);
    // No agent process outlives the loop.
    const agents = processCommandLines().filter(
      (line) => line.includes('scripted-agent.mjs') && line.includes(root),
    );
    expect(agents).toEqual([]);

    // The workspace is consistent: a new run (a faster agent now) picks up from there and finishes.
    writeFileSync(demo.config, readFileSync(demo.config, 'utf8').replace('"1500"', '"0"'));
    expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);
    const again = await runCli(['run', '--config', demo.config], { cwd: root, timeoutMs: 60_000 });
    expect(again.code).toBe(0);
    expect(readState(root).status).toBe('DONE');
    // The interrupted work is done again, not skipped: the agent's unfinished step is its first one now.
    expect(verdictLines(root)[1]).toMatchObject({
      iter: 2,
      module: 'calc',
      verdict: 'ACCEPT',
      flips: ['calc/mul'],
    });
  }, 90_000);
  it('SIGTERM while held after the judge keeps the judged iteration, writes its journey entry, exits 0', async () => {
    demo = await setupDemo({ maxIters: 3 });
    const { root } = demo;
    const judge =
      '\njudge:\n  command: ["sh", "-c", "sleep 1; echo \'{\\"verdict\\":\\"REVISE\\",\\"reason\\":\\"slow judge\\"}\'"]\n';
    writeFileSync(demo.config, readFileSync(demo.config, 'utf8') + judge);
    expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);
    const run = startRun(root);
    await waitFor('the judge vertex', () => readState(root).vertex === 'judge', 30_000);
    await runCli(['pause', '-m', 'hold after judge'], { cwd: root });
    await waitFor('the loop to hold', () => readState(root).status === 'PAUSED', 30_000);
    const runId = String(readState(root).run);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);

    expect(verdictLines(root)).toEqual([
      expect.objectContaining({ iter: 1, verdict: 'REVISE', reason: 'slow judge' }),
    ]);
    expect(git(join(root, 'target'), 'log', '-1', '--format=%s')).toBe(
      'autoswe: iter 1 calc REVISE (5→6 GREEN)',
    );
    expect(existsSync(join(root, 'docs', 'journey', 'iter-1.md'))).toBe(true);
    expect(readState(root)).toMatchObject({
      status: 'IDLE',
      iter: 1,
      reason: expect.stringContaining('was judged'),
    });
    expect(readJson(join(root, '.autoswe', 'runs', runId, 'run.json'))).toMatchObject({
      outcome: 'interrupted',
      iterations: 1,
    });
  }, 60_000);
});

/** Every process's command line, from /proc (no `ps` needed). */
function processCommandLines(): string[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')];
      } catch {
        return [];
      }
    });
}
