import { describe, expect, it } from 'vitest';
import type { ProxyHealth } from '../../../src/adapters/proxy.js';
import { waitForLease } from '../../../src/core/status/lease.js';

/** A controlled clock: sleeping advances it, probes cost nothing. */
function clock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

describe('waitForLease', () => {
  it('is ready at once when the proxy answers healthy', async () => {
    const outcome = await waitForLease('http://p', {
      waitMs: 60_000,
      ...clock(),
      probe: async () => ({ kind: 'healthy', statusCode: 200, latencyMs: 3 }),
    });
    expect(outcome).toEqual({ ready: true, base: 'http://p', attempts: 1, latencyMs: 3 });
  });

  it('keeps trying until the proxy comes up within the wait', async () => {
    const answers: ProxyHealth[] = [
      { kind: 'unreachable', error: 'ECONNREFUSED' },
      { kind: 'unhealthy', statusCode: 503, latencyMs: 1 },
      { kind: 'healthy', statusCode: 200, latencyMs: 2 },
    ];
    const outcome = await waitForLease('http://p', {
      waitMs: 10_000,
      ...clock(),
      probe: async () => answers.shift() as ProxyHealth,
    });
    expect(outcome).toMatchObject({ ready: true, attempts: 3 });
  });

  it('gives up after the wait with the last error', async () => {
    const time = clock();
    const outcome = await waitForLease('http://p', {
      waitMs: 5_000,
      intervalMs: 1_000,
      ...time,
      probe: async () => ({ kind: 'unhealthy', statusCode: 502, latencyMs: 1 }),
    });
    expect(outcome).toEqual({ ready: false, base: 'http://p', attempts: 6, lastError: 'HTTP 502' });
    expect(time.now()).toBe(5_000);
  });

  it('with no wait, tries exactly once', async () => {
    let calls = 0;
    const outcome = await waitForLease('http://p', {
      waitMs: 0,
      ...clock(),
      probe: async () => {
        calls++;
        return { kind: 'unreachable', error: 'ECONNREFUSED' };
      },
    });
    expect(outcome).toMatchObject({ ready: false, attempts: 1, lastError: 'ECONNREFUSED' });
    expect(calls).toBe(1);
  });
});
