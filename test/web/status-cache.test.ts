import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusModel } from '../../src/core/status/model.js';
import { LiveFeed } from '../../src/web/live.js';
import { statusSource } from '../../src/web/status-cache.js';
import { QUIET_PROBES, type WebFixture, webFixture } from './web-fixture.js';

let web: WebFixture;
let feed: LiveFeed;
let clock: number;
let status: () => Promise<StatusModel>;

beforeEach(() => {
  web = webFixture();
  feed = new LiveFeed(web.workspace);
  clock = 0;
  status = statusSource({ workspace: web.workspace, env: {}, probes: QUIET_PROBES, feed }, 1000, () => clock);
});
afterEach(() => {
  feed.close();
  web.cleanup();
});

function loopStatus(model: StatusModel): string {
  return model.loop.kind === 'ok' ? String(model.loop.state.status) : model.loop.kind;
}

describe('the shared status model', () => {
  it('concurrent requests share one build', async () => {
    const [a, b] = await Promise.all([status(), status()]);
    expect(a).toBe(b);
  });

  it('a status file change is served as soon as the change is seen, without waiting for the max age', async () => {
    expect(loopStatus(await status())).toBe('uninitialized');
    writeFileSync(web.workspace.paths.state, JSON.stringify({ status: 'RUNNING' }));
    const deadline = Date.now() + 1000;
    let seen = 'uninitialized';
    while (seen !== 'RUNNING' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = loopStatus(await status());
    }
    expect(seen).toBe('RUNNING');
  });

  it('is rebuilt once it is older than the max age even when no change was seen', async () => {
    const first = await status();
    clock = 999;
    expect(await status()).toBe(first);
    clock = 1000;
    expect(await status()).not.toBe(first);
  });
});
