import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Workspace, workspaceAt } from '../../src/core/runtime/workspace.js';
import { type ChangeEvent, LiveFeed, topicsForRuntimeFile } from '../../src/web/live.js';

let root: string;
let workspace: Workspace;
let feed: LiveFeed;
let events: ChangeEvent[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'autoswe-live-'));
  mkdirSync(join(root, '.autoswe'));
  mkdirSync(join(root, 'docs', 'journey'), { recursive: true });
  workspace = workspaceAt(root, {});
  feed = new LiveFeed(workspace);
  events = [];
  feed.subscribe((event) => events.push(event));
});
afterEach(() => {
  feed.close();
  rmSync(root, { recursive: true, force: true });
});

/**
 * Waits for an event naming `topic`. A deadline, not a target: nothing but the feed's watch makes an event,
 * so a broken watch never passes; bench/live.mjs measures how soon it comes.
 */
async function eventWith(topic: string): Promise<ChangeEvent> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const found = events.find((event) => event.topics.includes(topic as never));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no '${topic}' change within 10 s; got ${JSON.stringify(events)}`);
}

describe('live feed', () => {
  it('an appended verdict is announced, unasked, as verdicts and status', async () => {
    appendFileSync(workspace.paths.verdicts, '{"verdict":"ACCEPT","module":"m"}\n');
    const event = await eventWith('verdicts');
    expect(event.topics).toEqual(expect.arrayContaining(['verdicts', 'status']));
  });

  it('a new journey entry and a rules proposal are announced', async () => {
    writeFileSync(join(workspace.paths.journeyDir, 'iter-1.md'), '# One\n');
    await eventWith('journey');
    appendFileSync(workspace.paths.rulesQueue, '{}\n');
    await eventWith('rules');
  });

  it('a burst of writes is gathered into one event', async () => {
    for (let index = 0; index < 30; index++) appendFileSync(workspace.paths.verdicts, `line ${index}\n`);
    await eventWith('verdicts');
    // A change of another kind after the burst: everything before it came as the one event.
    writeFileSync(workspace.paths.parity, '{"modules":{}}');
    await eventWith('parity');
    expect(events).toHaveLength(2);
    expect(events[0]?.topics).toContain('verdicts');
    expect(events[1]?.topics).not.toContain('verdicts');
  });

  it('a runtime dir created after start is watched once it appears', async () => {
    feed.close();
    rmSync(join(root, '.autoswe'), { recursive: true });
    feed = new LiveFeed(workspace);
    feed.subscribe((event) => events.push(event));
    mkdirSync(join(root, '.autoswe'));
    // Written again until the watch on the new folder sees it (the watch starts on its own schedule).
    await vi.waitFor(
      () => {
        writeFileSync(workspace.paths.parity, '{"modules":{}}');
        expect(events.some((event) => event.topics.includes('parity'))).toBe(true);
      },
      { timeout: 5_000, interval: 100 },
    );
  });

  it('maps runtime files to the views that show them and ignores the lock and transcripts', () => {
    expect(topicsForRuntimeFile('parity.json')).toEqual(['status', 'parity']);
    expect(topicsForRuntimeFile('PAUSE_HARD')).toEqual(['status']);
    expect(topicsForRuntimeFile('.lock')).toEqual([]);
    expect(topicsForRuntimeFile('transcripts')).toEqual([]);
  });

  it('closing ends subscribers and settles `closed`', async () => {
    feed.close();
    await expect(feed.closed).resolves.toBeUndefined();
    expect(feed.listenerCount).toBe(0);
  });
});
