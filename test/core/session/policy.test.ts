import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../src/core/runtime/session-record.js';
import { parseOutcomeAnswer } from '../../../src/core/session/outcome-command.js';
import { apiBackoffMs, limitBackoffMs, sessionAction } from '../../../src/core/session/policy.js';

const NOW = Date.parse('2026-12-02T15:00:00Z');
const session = (fields: Partial<SessionRecord>): SessionRecord => ({
  outcome: 'ok',
  subtype: null,
  turns: null,
  tokens: null,
  cost_usd: null,
  duration_ms: 10,
  ...fields,
});
const options = { now: NOW, retries: 5, jitterMs: 7_000 };
const first = { apiErrors: 1, blindLimits: 1 };

describe('sessionAction', () => {
  it.each(['ok', 'max_turns', 'max_budget', 'agent_timeout', 'hung_after_result', 'error'] as const)(
    '%s is judged',
    (outcome) => {
      expect(sessionAction(session({ outcome }), first, options)).toEqual({ kind: 'judge' });
    },
  );

  it('a usage limit with a reset time waits until then plus the jitter', () => {
    const action = sessionAction(
      session({
        outcome: 'usage_limit',
        reason: 'usage limit (five_hour): …',
        resets_at: '2026-12-02T17:00:00.000Z',
      }),
      first,
      options,
    );
    expect(action).toEqual({
      kind: 'wait',
      cause: 'usage_limit',
      until: Date.parse('2026-12-02T17:00:07Z'),
      reason: 'usage limit (five_hour) until 17:00 UTC',
      probe: false,
    });
  });

  it("a reset on another day than the loop's names its date too", () => {
    const late = { ...options, now: Date.parse('2026-12-02T23:58:00Z') };
    const action = sessionAction(
      session({ outcome: 'usage_limit', resets_at: '2026-12-03T02:58:00.000Z' }),
      first,
      late,
    );
    expect(action.kind === 'wait' && action.reason).toBe(
      'usage limit (unknown window) until 2026-12-03 02:58 UTC',
    );
  });

  it('a usage limit without a reset time backs off 15 min, doubling to 2 h', () => {
    expect([1, 2, 3, 4, 5, 9].map(limitBackoffMs)).toEqual(
      [15, 30, 60, 120, 120, 120].map((m) => m * 60_000),
    );
    const action = sessionAction(
      session({ outcome: 'usage_limit' }),
      { apiErrors: 0, blindLimits: 2 },
      options,
    );
    expect(action).toMatchObject({ kind: 'wait', until: NOW + 30 * 60_000 });
    expect(action.kind === 'wait' && action.reason).toBe(
      'usage limit (unknown window, no reset time given) until 15:30 UTC',
    );
  });

  it('an API error retries 30 s, 60 s, 120 s … capped at 30 min, probing first, then pauses after agent_retries', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(apiBackoffMs)).toEqual(
      [30, 60, 120, 240, 480, 960, 1800, 1800].map((s) => s * 1000),
    );
    const api = session({ outcome: 'api_error', reason: 'model API error (529): Overloaded' });
    expect(sessionAction(api, { apiErrors: 2, blindLimits: 0 }, options)).toEqual({
      kind: 'wait',
      cause: 'api_error',
      until: NOW + 60_000,
      reason: 'model API error (529): Overloaded; retry 2 of 5 at 15:01 UTC',
      probe: true,
    });
    expect(sessionAction(api, { apiErrors: 6, blindLimits: 0 }, options)).toEqual({
      kind: 'pause',
      reason:
        'model API error (529): Overloaded; still failing after 5 retries (limits.agent_retries): check the model API, then autoswe resume',
    });
  });

  it('auth, bad_request and no_session pause with the fix', () => {
    const reason = (outcome: SessionRecord['outcome']) => {
      const action = sessionAction(session({ outcome, reason: 'why' }), first, options);
      return action.kind === 'pause' ? action.reason : action.kind;
    };
    expect(reason('auth')).toMatch(/^why; check the API key/);
    expect(reason('bad_request')).toMatch(/^why; check agent.options.model/);
    expect(reason('no_session')).toMatch(/^why; fix the agent's setup/);
  });
});

describe('agent.outcome_command output', () => {
  const base = session({ outcome: 'error', reason: 'the agent exited 1' });
  it('takes the outcome, reason and reset time (epoch seconds or ISO)', () => {
    expect(
      parseOutcomeAnswer('{"outcome":"usage_limit","reason":"quota","resets_at":1800000000}', 'x', base),
    ).toEqual({
      ok: true,
      session: {
        ...base,
        outcome: 'usage_limit',
        reason: 'quota',
        resets_at: new Date(1_800_000_000_000).toISOString(),
      },
    });
    const ok = parseOutcomeAnswer('{"outcome":"ok"}', 'x', base);
    expect(ok.ok && ok.session.reason).toBeUndefined();
  });
  it('refuses anything else, naming the key', () => {
    expect(parseOutcomeAnswer('nope', 'cmd', base)).toEqual({
      ok: false,
      message: 'cmd printed no JSON object: "nope"',
    });
    expect(parseOutcomeAnswer('{"outcome":"fine"}', 'cmd', base)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^cmd output: outcome: expected one of ok, /),
    });
  });
});
