import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ProxyHealth } from '../../../src/adapters/proxy.js';
import { AutosweError } from '../../../src/base/errors.js';
import { leaseProxyBase, waitForLease } from '../../../src/core/status/lease.js';
import { tempWorkspace } from '../../helpers/workspace.js';

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

describe('waitForLease against a real proxy', () => {
  it('asks GET <base>/health itself when given no probe', async () => {
    const server = createServer((request, response) => {
      response.writeHead(request.url === '/health' ? 200 : 404).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await waitForLease(base, { waitMs: 0 })).toMatchObject({ ready: true, base, attempts: 1 });
    } finally {
      server.close();
    }
  });
});

describe('leaseProxyBase', () => {
  it("is the workspace's proxy, else AUTOSWE_PROXY_BASE alone outside a workspace", async () => {
    const { workspace, cleanup } = tempWorkspace();
    try {
      const env = { AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9' };
      expect(await leaseProxyBase(() => workspace, env)).toEqual({
        base: 'http://127.0.0.1:9',
        source: 'AUTOSWE_PROXY_BASE',
      });
      const noWorkspace = () => {
        throw new AutosweError('no autoswe workspace here', 2);
      };
      expect(await leaseProxyBase(noWorkspace, env)).toEqual({
        base: 'http://127.0.0.1:9',
        source: 'AUTOSWE_PROXY_BASE',
      });
      await expect(leaseProxyBase(noWorkspace, {})).rejects.toThrow('no autoswe workspace here');
    } finally {
      cleanup();
    }
  });
});
