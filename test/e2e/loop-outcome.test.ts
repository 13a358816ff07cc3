import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { pause, resume } from '../../src/core/runtime/sentinels.js';
import { workspaceAt } from '../../src/core/runtime/workspace.js';
import type { LoopEvent } from '../../src/loop/loop-run.js';
import { type LoopResult, runLoop } from '../../src/loop/runner.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { ManualClock, untilPattern } from '../helpers/clock.js';
import { ModelApi } from '../helpers/model-api.js';
import { processRunning } from '../helpers/processes.js';
import {
  type DemoWorkspace,
  git,
  readJson,
  readState,
  setupDemo,
  startRun,
  verdictLines,
  waitFor,
  withAgent,
} from './loop-helpers.js';

const AGENT = join(REPO_ROOT, 'test', 'fixtures', 'ending-agent.mjs');

let demo: DemoWorkspace | undefined;
let api: ModelApi | undefined;
let stop: AbortController | undefined;
let running: Promise<LoopResult> | undefined;
afterEach(async () => {
  stop?.abort();
  await running?.catch(() => undefined);
  await api?.stop();
  demo?.cleanup();
  demo = api = stop = running = undefined;
});

interface Ending {
  readonly plan: string;
  readonly log: string;
}

/** The demo workspace with the ending agent as `claude`, each session ending as `endings` says. */
async function endingWorkspace(
  endings: string[],
  options: { limits?: string; env?: Record<string, string> } = {},
): Promise<{ root: string; ending: Ending }> {
  demo = await setupDemo({ maxIters: 1 });
  const { root, config } = demo;
  const ending = { plan: join(root, 'ending-plan.json'), log: join(root, 'ending-log.jsonl') };
  writeFileSync(ending.plan, JSON.stringify(endings));
  writeFileSync(ending.log, '');
  const env = { ENDING_PLAN: ending.plan, ENDING_LOG: ending.log, ENDING_DEMO: root, ...options.env };
  const agent =
    `agent:\n  adapter: claude-code\n  command: ["node", "${AGENT}"]\n  env:\n` +
    Object.entries(env)
      .map(([key, value]) => `    ${key}: "${value}"`)
      .join('\n') +
    '\n';
  let text = withAgent(readFileSync(config, 'utf8'), agent);
  if (options.limits !== undefined) text = text.replace(/^limits:\n/m, `limits:\n${options.limits}`);
  writeFileSync(config, text);
  expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);
  return { root, ending };
}

/** Starts the loop in process on the manual clock; the events it reports are collected. */
async function start(
  root: string,
  clock: ManualClock,
  probe?: (base: string) => Promise<{ up: boolean; error: string | null }>,
) {
  const workspace = workspaceAt(root, {});
  const config = await loadConfig(workspace);
  const events: LoopEvent[] = [];
  stop = new AbortController();
  running = runLoop(workspace, config, {
    signal: stop.signal,
    env: { ...process.env, AUTOSWE_RUNTIME_DIR: '', AUTOSWE_REPO_ROOT: '' },
    onEvent: (event) => events.push(event),
    clock,
    ...(probe === undefined ? {} : { probe }),
  });
  return { workspace, events, result: running };
}

const sessions = (ending: Ending) =>
  readFileSync(ending.log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { pid: number; ending: string });

const runJson = (root: string) =>
  readJson(join(root, '.autoswe', 'runs', String(readState(root).run), 'run.json'));

describe('agent session outcomes, end to end (ending agent in real stream-json, manual clock)', () => {
  it('a rejected rate_limit_event: WAITING until its reset, no verdict, iter unchanged; the same iteration after it', async () => {
    const clock = new ManualClock();
    const resetsAt = Math.floor(clock.now() / 1000) + 120;
    const { root, ending } = await endingWorkspace(['rate-limit', 'work'], {
      env: { ENDING_RESETS_AT: String(resetsAt) },
    });
    const { events, result } = await start(root, clock);
    const transcript = join(root, '.autoswe', 'transcripts');
    await waitFor(
      'the session to print its result',
      () =>
        existsSync(transcript) &&
        readdirSync(transcript).some((name) =>
          readFileSync(join(transcript, name), 'utf8').includes('"type":"result"'),
        ),
      20_000,
    );
    // docs/LOOP.md: WAITING follows the session's end at once, with no other agent session before it (the
    // manual clock stands still, so no timer of the loop's can bring it). The deadline is for a loaded machine.
    await waitFor('WAITING', () => readState(root).status === 'WAITING', 15_000);
    expect(sessions(ending)).toHaveLength(1);
    const waiting = readState(root);
    expect(waiting).toMatchObject({
      status: 'WAITING',
      iter: 0,
      reason: expect.stringMatching(
        new RegExp(`^usage limit \\(five_hour\\) until ${untilPattern(resetsAt * 1000)}$`),
      ),
      wait_until: new Date(resetsAt * 1000).toISOString(),
    });
    expect(waiting.vertex).toBeUndefined();
    expect(verdictLines(root)).toEqual([]);
    expect(git(join(root, 'target'), 'status', '--porcelain')).toBe('');
    expect(runJson(root)).toMatchObject({
      iterations: 0,
      sessions: { usage_limit: 1 },
      last_session: { outcome: 'usage_limit', iter: 1, resets_at: new Date(resetsAt * 1000).toISOString() },
    });
    // The progress event follows the state write (after HEARTBEAT's fsync): wait for it, do not race it.
    await waitFor('the waiting event', () => events.some((event) => event.kind === 'waiting'), 5_000);

    // Just before the reset nothing happens; after it the same iteration runs again.
    await waitFor('the loop to sleep on the clock', () => clock.sleeping > 0);
    clock.advance(resetsAt * 1000 - clock.now() - 1000);
    // It woke for a heartbeat and went back to sleep: no new session before the reset.
    await waitFor('the loop to sleep again', () => clock.sleeping > 0);
    expect(sessions(ending)).toHaveLength(1);
    expect(readState(root).status).toBe('WAITING');
    clock.advance(2000);
    expect(await result).toMatchObject({ status: 'MAX_ITERS', outcome: 'max_iters', iterations: 1 });
    expect(sessions(ending).map((session) => session.ending)).toEqual(['rate-limit', 'work']);
    // The history has the wait, its end (2 min on the loop's clock) and the run around them.
    const history = readFileSync(join(root, '.autoswe', 'EVENTS'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(history.map((event: { type: string }) => event.type)).toEqual([
      'run.started',
      'wait.started',
      'wait.ended',
      'run.ended',
    ]);
    expect(history[1]).toMatchObject({
      by: 'loop',
      reason: expect.stringContaining('usage limit (five_hour)'),
      until: new Date(resetsAt * 1000).toISOString(),
    });
    expect(history[2].duration_ms).toBeGreaterThanOrEqual(119_000);
    const [verdict] = verdictLines(root);
    expect(verdict).toMatchObject({
      iter: 1,
      verdict: 'ACCEPT',
      session: {
        outcome: 'ok',
        subtype: 'success',
        turns: 2,
        tokens: { input: 1000, output: 200, cache_read: 30, cache_creation: 4 },
        cost_usd: 0.25,
      },
    });
    // The failed attempt's transcript was kept beside the run, the judged one is the iteration's.
    const runDir = join(root, '.autoswe', 'runs', String(readState(root).run));
    expect(readdirSync(runDir)).toContain('iter-1.attempt-1.jsonl');
    expect(readFileSync(join(runDir, 'iter-1.attempt-1.jsonl'), 'utf8')).toContain('rate_limit_event');
    expect(readFileSync(String(verdict?.transcript), 'utf8')).not.toContain('rate_limit_event');
    expect(readFileSync(join(root, 'docs', 'journey', 'iter-1.md'), 'utf8')).toContain(
      '- Session: ok (success, completed)',
    );
  }, 60_000);

  it('pause turns a wait into a pause; resume then retries at once, long before the reset', async () => {
    const clock = new ManualClock();
    const { root, ending } = await endingWorkspace(['rate-limit', 'work'], {
      env: { ENDING_RESETS_AT: String(Math.floor(clock.now() / 1000) + 5 * 3600) },
    });
    const { workspace, result } = await start(root, clock);
    await waitFor('WAITING', () => readState(root).status === 'WAITING', 20_000);
    await pause(workspace, { hard: false, reason: 'looking into it', user: 'ann' });
    await waitFor('PAUSED', () => readState(root).status === 'PAUSED');
    expect(String(readState(root).reason)).toMatch(/^pause: \S+ ann: looking into it$/);
    expect(readState(root).wait_until).toBeUndefined();
    expect(resume(workspace).retry).toBe(false);
    expect(await result).toMatchObject({ iterations: 1 });
    expect(sessions(ending)).toHaveLength(2);
    expect(clock.now()).toBeLessThan(Date.now() + 60_000);
  }, 60_000);

  it('a tool result quoting "5-hour limit" is no limit: judged at once', async () => {
    const { root, ending } = await endingWorkspace(['quote-limit']);
    const { result } = await start(root, new ManualClock());
    expect(await result).toMatchObject({ status: 'MAX_ITERS', iterations: 1 });
    expect(sessions(ending)).toHaveLength(1);
    expect(verdictLines(root)).toEqual([
      expect.objectContaining({ verdict: 'ACCEPT', session: expect.objectContaining({ outcome: 'ok' }) }),
    ]);
  }, 60_000);

  it('an is_error result (API 529) with exit 0 is an API error: WAITING 30 s, probe, then the retry', async () => {
    const clock = new ManualClock();
    const { root, ending } = await endingWorkspace(['api-529-exit0', 'work']);
    const probed: string[] = [];
    const { result } = await start(root, clock, async (base) => {
      probed.push(base);
      return { up: true, error: null };
    });
    await waitFor('WAITING', () => readState(root).status === 'WAITING');
    expect(String(readState(root).reason)).toMatch(
      /^model API error \(529\): API Error: 529 Overloaded.*; retry 1 of 5 at \d\d:\d\d UTC$/,
    );
    expect(Date.parse(String(readState(root).wait_until)) - clock.now()).toBe(30_000);
    expect(verdictLines(root)).toEqual([]);
    await waitFor('the loop to sleep on the clock', () => clock.sleeping > 0);
    clock.advance(30_000);
    expect(await result).toMatchObject({ iterations: 1 });
    expect(probed).toHaveLength(1);
    expect(sessions(ending)).toHaveLength(2);
    expect(verdictLines(root)).toEqual([expect.objectContaining({ iter: 1, verdict: 'ACCEPT' })]);
    expect(runJson(root)).toMatchObject({ sessions: { api_error: 1, ok: 1 } });
  }, 60_000);

  it('a 401 result pauses with the fix named, never judged; resume retries the iteration', async () => {
    const { root, ending } = await endingWorkspace(['auth-401', 'work']);
    const { workspace, result } = await start(root, new ManualClock());
    await waitFor('PAUSED', () => readState(root).status === 'PAUSED');
    expect(String(readState(root).reason)).toMatch(
      /^pause: \S+ autoswe: the model API refused the credentials \(401\): Invalid API key · Fix external API key; check the API key/,
    );
    expect(readState(root).iter).toBe(0);
    expect(verdictLines(root)).toEqual([]);
    expect(resume(workspace).soft).not.toBeNull();
    expect(await result).toMatchObject({ iterations: 1 });
    expect(sessions(ending)).toHaveLength(2);
    expect(verdictLines(root)).toEqual([expect.objectContaining({ iter: 1, verdict: 'ACCEPT' })]);
  }, 60_000);

  it('an agent that prints init and then nothing is killed at the idle timeout, and retried as an API error', async () => {
    const clock = new ManualClock();
    const { root, ending } = await endingWorkspace(['idle', 'work'], {
      limits: '  agent_idle_timeout: 1s\n',
    });
    const { result } = await start(root, clock, async () => ({ up: true, error: null }));
    await waitFor('WAITING', () => readState(root).status === 'WAITING', 20_000);
    expect(String(readState(root).reason)).toMatch(/^no output for 1\.0 s: killed; retry 1 of 5/);
    const [idle] = sessions(ending);
    expect(processRunning(idle?.pid ?? 0)).toBe(false);
    await waitFor('the loop to sleep on the clock', () => clock.sleeping > 0);
    clock.advance(30_000);
    expect(await result).toMatchObject({ iterations: 1 });
    expect(runJson(root)).toMatchObject({ sessions: { idle: 1, ok: 1 } });
  }, 60_000);

  it('an agent that prints its result and keeps stdout open is killed after the grace, then judged normally', async () => {
    const { root, ending } = await endingWorkspace(['hung'], { limits: '  agent_result_grace: 1s\n' });
    const { result } = await start(root, new ManualClock());
    expect(await result).toMatchObject({ iterations: 1 });
    const [hung] = sessions(ending);
    expect(processRunning(hung?.pid ?? 0)).toBe(false);
    expect(verdictLines(root)).toEqual([
      expect.objectContaining({
        verdict: 'ACCEPT',
        session: expect.objectContaining({ outcome: 'hung_after_result', turns: 2 }),
      }),
    ]);
  }, 60_000);

  it('a missing agent command pauses naming the fix (no FAILED run, no verdict)', async () => {
    const { root } = await endingWorkspace(['work']);
    const config = join(root, 'autoswe.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        `command: ["node", "${AGENT}"]`,
        'command: ["no-such-claude-here"]',
      ),
    );
    expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);
    const { result } = await start(root, new ManualClock());
    await waitFor('PAUSED', () => readState(root).status === 'PAUSED');
    expect(String(readState(root).reason)).toContain(
      "cannot start no-such-claude-here: command not found; fix agent.command in autoswe.yaml; fix the agent's setup",
    );
    expect(verdictLines(root)).toEqual([]);
    stop?.abort();
    expect(await result).toMatchObject({ status: 'IDLE', outcome: 'interrupted', iterations: 0 });
    expect(readState(root).iter).toBe(0);
  }, 60_000);

  it('the model endpoint down for a while: the loop waits, probing, and resumes by itself when it answers again', async () => {
    api = await new ModelApi().start();
    await api.refuse();
    const clock = new ManualClock();
    const { root, ending } = await endingWorkspace(['probe'], { env: { ANTHROPIC_BASE_URL: api.url } });
    const { result } = await start(root, clock);
    await waitFor('WAITING for the retry', () => readState(root).status === 'WAITING', 20_000);
    expect(String(readState(root).reason)).toMatch(
      /^model API error \(connection_failed\).*ECONNREFUSED.*; retry 1 of 5/,
    );
    await waitFor('the loop to sleep on the clock', () => clock.sleeping > 0);
    clock.advance(30_000);
    await waitFor('the probe to find it down', () =>
      String(readState(root).reason).startsWith('model proxy down since'),
    );
    expect(String(readState(root).reason)).toContain(`(${api.url}: ECONNREFUSED)`);
    await waitFor('the loop to sleep again', () => clock.sleeping > 0);
    clock.advance(30_000);
    await waitFor('another probe', () => clock.sleeping > 0);
    expect(sessions(ending)).toHaveLength(1);
    expect(verdictLines(root)).toEqual([]);

    await api.resume();
    clock.advance(30_000);
    expect(await result).toMatchObject({ iterations: 1 });
    expect(sessions(ending)).toHaveLength(2);
    expect(verdictLines(root)).toEqual([expect.objectContaining({ iter: 1, verdict: 'ACCEPT' })]);
    expect(existsSync(join(root, '.autoswe', 'RETRY'))).toBe(false);
  }, 60_000);
});

describe('agent.outcome_command (adapter command)', () => {
  async function commandWorkspace(outcomeCommand: string): Promise<string> {
    demo = await setupDemo({ maxIters: 1 });
    const { root, config } = demo;
    const text = readFileSync(config, 'utf8').replace(
      /^( {2}env:\n {4}SCRIPTED_AGENT_DELAY_MS: "40"\n)/m,
      `$1  outcome_command: ${outcomeCommand}\n`,
    );
    expect(text).toContain('outcome_command');
    writeFileSync(config, text);
    expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);
    return root;
  }

  it("its answer replaces the exit's outcome: a usage limit with a reset makes the loop wait", async () => {
    const clock = new ManualClock();
    const reset = Math.floor(clock.now() / 1000) + 600;
    const root = await commandWorkspace(
      `["sh", "-c", "test -s \\"$AUTOSWE_TRANSCRIPT\\" && test \\"$AUTOSWE_AGENT_OUTCOME\\" = ok && echo '{\\"outcome\\":\\"usage_limit\\",\\"reason\\":\\"quota\\",\\"resets_at\\":${reset}}'"]`,
    );
    await start(root, clock);
    await waitFor('WAITING', () => readState(root).status === 'WAITING', 20_000);
    expect(readState(root)).toMatchObject({
      reason: expect.stringMatching(
        new RegExp(`^usage limit \\(unknown window\\) until ${untilPattern(reset * 1000)}$`),
      ),
      wait_until: new Date(reset * 1000).toISOString(),
    });
    expect(verdictLines(root)).toEqual([]);
    expect(runJson(root)).toMatchObject({ last_session: { outcome: 'usage_limit', reason: 'quota' } });
  }, 60_000);

  it('a command that prints nonsense pauses the loop naming it', async () => {
    const root = await commandWorkspace('["sh", "-c", "echo fine"]');
    await start(root, new ManualClock());
    await waitFor('PAUSED', () => readState(root).status === 'PAUSED', 20_000);
    expect(String(readState(root).reason)).toContain(
      'autoswe: agent.outcome_command (sh -c echo fine) printed no JSON object: "fine"; fix agent.outcome_command in autoswe.yaml',
    );
    expect(verdictLines(root)).toEqual([]);
  }, 60_000);
});

describe('through `autoswe run`, on a clock the test moves (AUTOSWE_TEST_CLOCK)', () => {
  it('a rejected rate_limit_event: WAITING until its reset, then the same iteration, judged; exit 3 at max_iters', async () => {
    const resetsAt = Math.floor(Date.now() / 1000) + 120;
    const { root, ending } = await endingWorkspace(['rate-limit', 'work'], {
      env: { ENDING_RESETS_AT: String(resetsAt) },
    });
    const clockFile = join(root, 'clock-offset');
    writeFileSync(clockFile, '0');
    const run = startRun(root, [], { AUTOSWE_TEST_CLOCK: clockFile });
    await waitFor('WAITING', () => readState(root).status === 'WAITING', 20_000);
    const reason = `usage limit \\(five_hour\\) until ${untilPattern(resetsAt * 1000)}`;
    expect(readState(root)).toMatchObject({
      iter: 0,
      reason: expect.stringMatching(new RegExp(`^${reason}$`)),
    });
    expect(verdictLines(root)).toEqual([]);
    await waitFor('the progress line', () => new RegExp(`WAITING - ${reason}`).test(run.stdout));
    expect(sessions(ending)).toHaveLength(1);

    // Past the reset on the loop's clock: it retries by itself, without a resume.
    writeFileSync(clockFile, String(resetsAt * 1000 - Date.now() + 5_000));
    expect((await run.exited).code).toBe(3);
    expect(sessions(ending).map((session) => session.ending)).toEqual(['rate-limit', 'work']);
    expect(verdictLines(root)).toEqual([expect.objectContaining({ iter: 1, verdict: 'ACCEPT' })]);
    expect(run.stdout).toContain('MAX_ITERS: max_iters (1) reached; 5 RED left');
    expect(readState(root)).toMatchObject({ status: 'MAX_ITERS', iter: 1 });
  }, 60_000);
});
