import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classifyCommandSession,
  classifySession,
  factsOfTranscript,
  type ProcessEnd,
} from '../../../src/core/transcripts/outcome.js';
import { REPO_ROOT } from '../../helpers/cli.js';

/** Endings recorded from the real Claude Code CLI (2.1.330) against the stand-in model API. */
const ENDINGS = join(REPO_ROOT, 'test', 'fixtures', 'transcripts', 'endings');

function recorded(name: string): string[] {
  return readFileSync(join(ENDINGS, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean);
}

const exited = (code: number, more: Partial<ProcessEnd> = {}): ProcessEnd => ({
  exitCode: code,
  exitSignal: null,
  timedOut: false,
  timeoutMs: 1_800_000,
  stopped: null,
  idleMs: 600_000,
  spawnError: null,
  durationMs: 1234,
  ...more,
});

const line = (event: object) => JSON.stringify(event);
const INIT = line({ type: 'system', subtype: 'init', session_id: 's', tools: [] });
const resultLine = (fields: object) =>
  line({ type: 'result', subtype: 'success', is_error: false, num_turns: 3, result: 'Done.', ...fields });
const assistantText = (text: string, extra: object = {}) =>
  line({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text }] }, ...extra });
const toolResult = (text: string) =>
  line({
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: text }] },
  });

describe('classifySession: recorded Claude Code endings', () => {
  const cases: [string, number, string, RegExp | null][] = [
    ['success', 0, 'ok', null],
    ['hook-stopped', 0, 'ok', null],
    ['max-turns', 1, 'max_turns', /--max-turns/],
    ['api-529', 1, 'api_error', /model API error \(529\): API Error: 529 Overloaded/],
    ['connection-refused', 1, 'api_error', /model API error \(connection_failed\).*ECONNREFUSED/],
    ['auth-401', 1, 'auth', /refused the credentials \(401\): Invalid API key/],
    ['bad-request-400', 1, 'bad_request', /rejected the request \(400\)/],
    ['rate-limit-rejected', 1, 'usage_limit', /^usage limit \(five_hour\): You've hit your 5-hour limit/],
    // As root with IS_SANDBOX=yes: Claude Code refuses before its session starts (the loop's transcript form).
    [
      'root-refused',
      1,
      'no_session',
      /exited 1 before its session started: --dangerously-skip-permissions cannot be used with root/,
    ],
  ];
  it.each(cases)('%s (exit %i) → %s', (name, code, outcome, reason) => {
    const session = classifySession(factsOfTranscript(recorded(name)), exited(code));
    expect(session.outcome).toBe(outcome);
    if (reason === null) expect(session.reason).toBeUndefined();
    else expect(session.reason).toMatch(reason);
    expect(session.exit_code).toBe(code);
    expect(session.duration_ms).toBe(1234);
  });

  it('reads the figures of the result event: subtype, terminal reason, turns, tokens, cost', () => {
    const session = classifySession(factsOfTranscript(recorded('success')), exited(0));
    expect(session).toMatchObject({
      subtype: 'success',
      terminal_reason: 'completed',
      turns: 1,
      tokens: { input: 100, output: 20, cache_read: 0, cache_creation: 0 },
      cost_usd: expect.closeTo(0.0006, 6),
    });
    const stopped = classifySession(factsOfTranscript(recorded('hook-stopped')), exited(0));
    expect(stopped.terminal_reason).toBe('hook_stopped');
  });

  it("takes the rejected rate_limit_event's resetsAt as epoch seconds", () => {
    const lines = recorded('rate-limit-rejected');
    const event = lines.map((text) => JSON.parse(text)).find((value) => value.type === 'rate_limit_event');
    const session = classifySession(factsOfTranscript(lines), exited(1));
    expect(session.resets_at).toBe(new Date(event.rate_limit_info.resetsAt * 1000).toISOString());
  });

  it('an API error in the result is the outcome even when the process exits 0', () => {
    const session = classifySession(factsOfTranscript(recorded('api-529')), exited(0));
    expect(session.outcome).toBe('api_error');
  });
});

describe('classifySession: the rest of the table', () => {
  it('a tool result that quotes "5-hour limit" is not a usage limit', () => {
    const lines = [
      INIT,
      toolResult("grep: docs/limits.md: You've hit your 5-hour limit · resets 5pm (UTC)"),
      resultLine({}),
    ];
    expect(classifySession(factsOfTranscript(lines), exited(0)).outcome).toBe('ok');
  });

  it('limit text in the last assistant message of a failed session is a usage limit, without a reset time', () => {
    const lines = [INIT, assistantText("You're out of extra usage · resets 9pm")];
    const session = classifySession(factsOfTranscript(lines), exited(1));
    expect(session.outcome).toBe('usage_limit');
    expect(session.resets_at).toBeUndefined();
  });

  it('a rejected rate_limit_event followed by a successful result is not a limit', () => {
    const lines = [
      INIT,
      line({ type: 'rate_limit_event', rate_limit_info: { status: 'rejected', resetsAt: 1_800_000_000 } }),
      resultLine({}),
    ];
    expect(classifySession(factsOfTranscript(lines), exited(0)).outcome).toBe('ok');
  });

  it('an is_error result that is no API error is an error, judged', () => {
    const lines = [INIT, resultLine({ subtype: 'error_during_execution', is_error: true, result: 'boom' })];
    expect(classifySession(factsOfTranscript(lines), exited(0))).toMatchObject({
      outcome: 'error',
      reason: 'the session ended in an error: boom',
    });
  });

  it('a 401 in the result is auth, a billing_error in the assistant message too', () => {
    const auth = [INIT, resultLine({ is_error: true, api_error_status: 401, terminal_reason: 'api_error' })];
    expect(classifySession(factsOfTranscript(auth), exited(1)).outcome).toBe('auth');
    const billing = [INIT, assistantText('Credit balance is too low', { error: 'billing_error' })];
    expect(classifySession(factsOfTranscript(billing), exited(1)).outcome).toBe('auth');
  });

  it('API retries and no result: api_error (retries exhausted)', () => {
    const lines = [INIT, line({ type: 'system', subtype: 'api_retry', attempt: 10, error_status: 503 })];
    expect(classifySession(factsOfTranscript(lines), exited(1)).outcome).toBe('api_error');
  });

  it('an exit before system/init is no_session, quoting stderr', () => {
    const lines = [
      '[stderr] --dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons',
    ];
    const session = classifySession(factsOfTranscript(lines), exited(1));
    expect(session.outcome).toBe('no_session');
    expect(session.reason).toBe(
      'Claude Code exited 1 before its session started: --dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons',
    );
  });

  it('a program that cannot start is no_session naming the fix', () => {
    const session = classifySession(
      factsOfTranscript([]),
      exited(0, { exitCode: null, spawnError: 'cannot start nope: command not found' }),
    );
    expect(session).toMatchObject({
      outcome: 'no_session',
      reason: 'cannot start nope: command not found; fix agent.command in autoswe.yaml',
      exit_code: null,
    });
  });

  it('the timers: idle after init, hung after result (judged), the session timeout', () => {
    const killed = { exitCode: null, exitSignal: 'SIGTERM' };
    expect(
      classifySession(factsOfTranscript([INIT]), exited(0, { ...killed, stopped: 'idle', idleMs: 2000 })),
    ).toMatchObject({ outcome: 'idle', reason: 'no output for 2.0 s: killed' });
    expect(
      classifySession(
        factsOfTranscript([INIT, resultLine({})]),
        exited(0, { ...killed, stopped: 'hung_after_result' }),
      ),
    ).toMatchObject({ outcome: 'hung_after_result', turns: 3 });
    expect(
      classifySession(factsOfTranscript([INIT]), exited(0, { ...killed, timedOut: true, timeoutMs: 60_000 })),
    ).toMatchObject({ outcome: 'agent_timeout', reason: 'timed out after 1 min' });
  });

  it('max_budget from error_max_budget_usd', () => {
    const lines = [INIT, resultLine({ subtype: 'error_max_budget_usd', is_error: true })];
    expect(classifySession(factsOfTranscript(lines), exited(1)).outcome).toBe('max_budget');
  });

  it('never throws on junk lines', () => {
    const lines = ['not json', '{"type":', '[1,2]', '{"type":"result","num_turns":"many","usage":7}', ''];
    expect(classifySession(factsOfTranscript(lines), exited(0))).toMatchObject({
      outcome: 'ok',
      turns: null,
      tokens: null,
    });
  });
});

describe('classifyCommandSession: exit code and timers only', () => {
  it('exit 0 is ok even when the output looks like an API error; exit 1 is an error', () => {
    const facts = factsOfTranscript(recorded('api-529'));
    expect(classifyCommandSession(facts, exited(0)).outcome).toBe('ok');
    expect(classifyCommandSession(factsOfTranscript(['[stderr] boom']), exited(1))).toMatchObject({
      outcome: 'error',
      reason: 'the agent exited 1: boom',
    });
    expect(classifyCommandSession(facts, exited(0, { stopped: 'idle' })).outcome).toBe('idle');
    expect(classifyCommandSession(facts, exited(0, { timedOut: true })).outcome).toBe('agent_timeout');
  });
});
