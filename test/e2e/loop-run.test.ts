import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import {
  type DemoWorkspace,
  git,
  readJson,
  readState,
  setupDemo,
  startRun,
  verdictLines,
  waitFor,
} from './loop-helpers.js';

let demo: DemoWorkspace | undefined;
afterEach(() => demo?.cleanup());

describe('autoswe run --config (scripted agent, real git target)', () => {
  it('runs to DONE: every cell GREEN, ACCEPT/REVISE/REVERT verdicts, commits, journey entries, run.json', async () => {
    demo = await setupDemo();
    const { root } = demo;
    const result = await runCli(['run', '--config', demo.config], { cwd: root, timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[iter 1] select    calc (3 RED)');
    expect(result.stdout).toMatch(/\[iter 4\] judge\s+REVERT - 1 regression\(s\) GREEN→RED: calc\/sub/);
    expect(result.stdout).toContain('[iter 5] select    no module has RED cells: every cell is GREEN');
    expect(result.stdout).toContain('DONE: every cell is GREEN');

    const state = readState(root);
    expect(state).toMatchObject({
      status: 'DONE',
      iter: 5,
      plan: { status: 'done' },
      judge: { status: 'ACCEPT' },
      write: { status: 'done', note: 'docs/journey/iter-5.md' },
    });
    expect(state.vertex).toBeUndefined();
    expect(verdictLines(root).map((line) => line.verdict)).toEqual([
      'ACCEPT',
      'ACCEPT',
      'REVISE',
      'REVERT',
      'ACCEPT',
    ]);
    const parity = await runCli(['status', '--json'], { cwd: root });
    expect(JSON.parse(parity.stdout).parity).toMatchObject({ green: 11, red: 0 });

    // ACCEPT and REVISE are committed in the target; the REVERT left no commit and no stray files.
    const log = git(join(root, 'target'), 'log', '--format=%s');
    expect(log.split('\n')).toEqual([
      'autoswe: iter 5 calc ACCEPT (9→11 GREEN)',
      'autoswe: iter 3 calc REVISE (9→9 GREEN)',
      'autoswe: iter 2 units ACCEPT (6→9 GREEN)',
      'autoswe: iter 1 calc ACCEPT (5→6 GREEN)',
      'The rewrite so far: format ported, calc half done, units a stub',
    ]);
    expect(git(join(root, 'target'), 'status', '--porcelain')).toBe('');

    const journey = readFileSync(join(root, 'docs', 'journey', 'iter-4.md'), 'utf8');
    expect(journey).toContain('# Iteration 4: calc - REVERT');
    expect(journey).toContain('Regressions (GREEN→RED): `calc/sub`');
    expect(journey).toMatch(/- Turns: \d+/);
    expect(journey).toMatch(/- Cost: \$0\.\d{4}/);

    const runId = String(state.run);
    const run = readJson(join(root, '.autoswe', 'runs', runId, 'run.json'));
    expect(run).toMatchObject({ outcome: 'done', iterations: 5, ended_at: expect.any(String) });
    const loopLog = readFileSync(join(root, '.autoswe', 'runs', runId, 'loop.log'), 'utf8');
    expect(loopLog).toContain('iter 4 judge: REVERT');
    const active = readFileSync(join(root, '.autoswe', 'ACTIVE'), 'utf8');
    expect(active).toBe(`${join(root, '.autoswe', 'transcripts', `${runId}-iter-5.jsonl`)}\n`);
    const transcript = readFileSync(active.trim(), 'utf8').trim().split('\n');
    expect(JSON.parse(transcript[0] as string)).toMatchObject({ type: 'system', subtype: 'init' });
    expect(JSON.parse(transcript.at(-1) as string)).toMatchObject({
      type: 'result',
      num_turns: expect.any(Number),
    });
    expect(existsSync(join(root, '.autoswe', 'run.lock'))).toBe(false);
  }, 60_000);

  it('refuses a second run while one is live on the workspace, even once its agent has dirtied the target', async () => {
    demo = await setupDemo({ delayMs: 400, maxIters: 1 });
    const { root } = demo;
    const first = startRun(root);
    await waitFor('the first run to reach implement', () => readState(root).vertex === 'implement');
    // "A run is live" must win over "the target has uncommitted changes; clean them", which would send
    // the operator to wipe the working agent's edits.
    await waitFor('the agent to write', () => git(join(root, 'target'), 'status', '--porcelain') !== '');
    const second = await runCli(['run', '--config', demo.config], { cwd: root });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^autoswe: a run is already live on this workspace: run \S+ \(pid \d+/);
    expect((await first.exited).code).toBe(3);
    const runId = String(readState(root).run);
    const prompt = readFileSync(join(root, '.autoswe', 'runs', runId, 'iter-1.prompt.md'), 'utf8');
    expect(prompt).toContain("porting the module 'calc'");
  }, 60_000);

  it('lets a judge command override the verdict; it runs with AUTOSWE_RUN_CONFIG set', async () => {
    demo = await setupDemo({ maxIters: 1 });
    const judge =
      '\njudge:\n  command: ["sh", "-c", "printf \'{\\"verdict\\":\\"REVISE\\",\\"reason\\":\\"cfg=%s\\"}\' \\"$AUTOSWE_RUN_CONFIG\\""]\n';
    writeFileSync(demo.config, readFileSync(demo.config, 'utf8') + judge);
    expect((await runCli(['lock-check', '--update'], { cwd: demo.root })).code).toBe(0);
    const result = await runCli(['run', '--config', demo.config], { cwd: demo.root, timeoutMs: 30_000 });
    expect(result.code).toBe(3);
    expect(verdictLines(demo.root)).toEqual([
      expect.objectContaining({ verdict: 'REVISE', reason: `cfg=${demo.config}`, by: 'judge-command' }),
    ]);
    expect(result.stdout).toContain('MAX_ITERS: max_iters (1) reached; 5 RED left');
  }, 30_000);

  it('rejects an invalid config with the key path and the expected type (exit 2)', async () => {
    demo = await setupDemo();
    const text = readFileSync(demo.config, 'utf8').replace('max_iters: 10', 'max_iters: ten');
    writeFileSync(demo.config, text);
    const result = await runCli(['run', '--config', demo.config], { cwd: demo.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `autoswe: ${demo.config}: limits.max_iters: expected a positive integer, got "ten"\n`,
    );
    expect(readState(demo.root).status).toBeUndefined();
  });

  it('refuses to start on a dirty target, naming the files', async () => {
    demo = await setupDemo();
    writeFileSync(join(demo.root, 'target', 'scratch.txt'), 'x');
    const result = await runCli(['run', '--config', demo.config], { cwd: demo.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('has uncommitted changes (scratch.txt)');
  });
  it('an agent that cannot start pauses the loop naming the fix: never judged, target untouched; SIGTERM ends it', async () => {
    demo = await setupDemo();
    const text = readFileSync(demo.config, 'utf8').replace(
      /command: \["node", "\.\.\/agent\/scripted-agent\.mjs".*\]/,
      'command: ["no-such-agent-xyz", "{prompt}"]',
    );
    writeFileSync(demo.config, text);
    expect((await runCli(['lock-check', '--update'], { cwd: demo.root })).code).toBe(0);
    const run = startRun(demo.root);
    await waitFor('the loop to pause', () => readState(demo?.root ?? '').status === 'PAUSED');
    expect(readState(demo.root)).toMatchObject({
      status: 'PAUSED',
      iter: 0,
      reason: expect.stringContaining(
        'autoswe: cannot start no-such-agent-xyz: command not found; fix agent.command in autoswe.yaml',
      ),
    });
    await waitFor('the progress line', () => run.stdout.includes('PAUSED - pause: '));
    expect(run.stdout).toContain(
      '[iter 1] implement not judged: no_session - cannot start no-such-agent-xyz',
    );
    expect(readFileSync(join(demo.root, '.autoswe', 'PAUSE'), 'utf8')).toContain('autoswe: cannot start');
    expect(git(join(demo.root, 'target'), 'status', '--porcelain')).toBe('');
    expect(verdictLines(demo.root)).toEqual([]);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(readState(demo.root)).toMatchObject({ status: 'IDLE', iter: 0 });
  }, 30_000);

  it('stops an agent at limits.agent_timeout and judges what it left, saying it timed out', async () => {
    demo = await setupDemo({ delayMs: 3_000, maxIters: 1 });
    const text = readFileSync(demo.config, 'utf8').replace('agent_timeout: 2m', 'agent_timeout: 1s');
    writeFileSync(demo.config, text);
    expect((await runCli(['lock-check', '--update'], { cwd: demo.root })).code).toBe(0);
    const result = await runCli(['run', '--config', demo.config], { cwd: demo.root, timeoutMs: 30_000 });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/\[iter 1\] implement timed out after 1\.\d s/);
    expect(verdictLines(demo.root)).toEqual([
      expect.objectContaining({ verdict: 'REVISE', reason: expect.stringMatching(/agent timed out after/) }),
    ]);
  }, 30_000);
  it("refuses a target that holds the loop's own files unless git ignores them (a REVERT would delete them)", async () => {
    demo = await setupDemo({ maxIters: 1 });
    const { root } = demo;
    rmSync(join(root, 'target', '.git'), { recursive: true, force: true });
    writeFileSync(demo.config, readFileSync(demo.config, 'utf8').replace('target: ./target', 'target: .'));
    git(root, 'init', '-q');
    git(root, 'add', '-A', '--', '.', ':!.autoswe');
    git(root, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'all');
    expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);
    const refused = await runCli(['run', '--config', demo.config], { cwd: root });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `autoswe: ${join(root, '.autoswe')} is inside the target ${root} but not ignored by git; add '.autoswe/' to its .gitignore (a REVERT cleans untracked files)\n`,
    );

    writeFileSync(join(root, '.gitignore'), '.autoswe/\ndocs/journey/\n');
    git(root, 'add', '.gitignore');
    git(root, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'ignore');
    const started = await runCli(['run', '--config', demo.config], { cwd: root, timeoutMs: 30_000 });
    expect(started.stderr).toBe('');
    expect(started.stdout).toMatch(/cells GREEN at start/);
  }, 40_000);
});
