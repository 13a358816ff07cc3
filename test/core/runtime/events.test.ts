import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSince, parseTypes } from '../../../src/core/events/query.js';
import { recordEvent } from '../../../src/core/events/record.js';
import { appendEvent, queryEvents, readEventsFrom } from '../../../src/core/runtime/events.js';
import { sentinelParts } from '../../../src/core/state/pause.js';
import { tempWorkspace } from '../../helpers/workspace.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function workspace() {
  const made = tempWorkspace();
  cleanups.push(made.cleanup);
  return made.workspace;
}

describe('EVENTS', () => {
  it('recordEvent appends id, at, type, by, reason first; refuses a known key of the wrong type without throwing', () => {
    const ws = workspace();
    const ok = recordEvent(
      ws,
      { type: 'flip', by: 'alice', reason: 'why', module: 'm', forced: false, red: 0 },
      {},
    );
    expect(ok.ok).toBe(true);
    const line = readEventsFrom(ws, 0).lines[0]?.text ?? '';
    expect(Object.keys(JSON.parse(line))).toEqual([
      'id',
      'at',
      'type',
      'by',
      'reason',
      'module',
      'forced',
      'red',
    ]);
    // @ts-expect-error: iter must be a count
    const bad = recordEvent(ws, { type: 'paused', by: 'a', reason: null, iter: 'seven' }, {});
    expect(bad).toEqual({
      ok: false,
      message: expect.stringMatching(/iter: expected an integer ≥ 0, got "seven"/),
    });
    expect(readEventsFrom(ws, 0).lines).toHaveLength(1);
  });

  it('queryEvents reads from the end, filters by type, stops at --since, and shows a bad line raw', () => {
    const ws = workspace();
    const event = (n: number, type: string) => ({
      id: `ev-${n}`,
      at: `2026-01-0${n}T00:00:00.000Z`,
      type,
      by: 'a',
      reason: null,
    });
    appendEvent(ws, event(1, 'paused'));
    appendEvent(ws, event(2, 'resumed'));
    writeFileSync(ws.paths.events, '{"id":1}\n', { flag: 'a' });
    appendEvent(ws, event(3, 'paused'));
    const all = queryEvents(ws, { limit: 10 });
    expect(all.entries.map((entry) => (entry.kind === 'event' ? entry.event.id : 'raw'))).toEqual([
      'ev-3',
      'raw',
      'ev-2',
      'ev-1',
    ]);
    const paused = queryEvents(ws, { limit: 10, types: ['paused'] });
    expect(paused.entries).toHaveLength(2);
    const since = queryEvents(ws, { limit: 10, since: '2026-01-02T00:00:00.000Z' });
    expect(since.entries.map((entry) => entry.kind)).toEqual(['event', 'raw', 'event']);
    const page = queryEvents(ws, { limit: 1 });
    expect(queryEvents(ws, { limit: 1, before: page.nextBefore ?? 0 }).entries[0]?.kind).toBe('raw');
  });

  it('readEventsFrom leaves a last line without its newline for the next read', () => {
    const ws = workspace();
    writeFileSync(ws.paths.events, '{"a":1}\n{"b":');
    const read = readEventsFrom(ws, 0);
    expect(read.lines.map((line) => line.text)).toEqual(['{"a":1}']);
    expect(read.end).toBe(8);
  });

  it('readEventsFrom reads from an offset, and skips one line longer than a whole read instead of stalling', () => {
    const ws = workspace();
    const huge = `{"junk":"${'x'.repeat(1024 * 1024)}"}\n`;
    writeFileSync(ws.paths.events, `{"a":1}\n${huge}{"b":2}\n`);
    expect(readEventsFrom(ws, 8).lines).toEqual([]);
    const skipped = readEventsFrom(ws, 8).end;
    expect(skipped).toBe(8 + 1024 * 1024);
    // Past the skipped bytes, the long line's tail comes as a line of its own (no event: the reader skips
    // it), then the next line.
    const rest = readEventsFrom(ws, skipped);
    expect(rest.lines.map((line) => line.text)).toEqual([`${'x'.repeat(9)}"}`, '{"b":2}']);
    expect(rest.end).toBe(Buffer.byteLength(`{"a":1}\n${huge}{"b":2}\n`));
  });

  it('readEventsFrom never follows a link nor waits on a FIFO: one error naming the file', () => {
    const ws = workspace();
    execFileSync('mkfifo', [ws.paths.events]);
    expect(() => readEventsFrom(ws, 0)).toThrow(`cannot read ${ws.paths.events}: it is not a regular file`);
    rmSync(ws.paths.events);
    writeFileSync(`${ws.paths.events}.real`, '');
    symlinkSync(`${ws.paths.events}.real`, ws.paths.events);
    expect(() => readEventsFrom(ws, 0)).toThrow(`cannot read ${ws.paths.events}: it is a symbolic link`);
  });

  it('an EVENTS that is a folder is one error naming it', () => {
    const ws = workspace();
    mkdirSync(ws.paths.events);
    expect(() => queryEvents(ws, { limit: 5 })).toThrow(
      new RegExp(`^cannot read ${ws.paths.events}: it is a folder, not a file$`),
    );
    expect(recordEvent(ws, { type: 'paused', by: 'a', reason: null }, {}).ok).toBe(false);
  });
});

describe('the history options and the sentinel line', () => {
  it('parses --since as a duration back or a date, UTC unless zoned', () => {
    const now = new Date('2026-11-24T12:00:00.000Z');
    expect(parseSince('2h', now)).toBe('2026-11-24T10:00:00.000Z');
    expect(parseSince('2026-11-20', now)).toBe('2026-11-20T00:00:00.000Z');
    expect(parseSince('2026-11-20 06:30', now)).toBe('2026-11-20T06:30:00.000Z');
    expect(parseSince('2026-11-20T06:30+02:00', now)).toBe('2026-11-20T04:30:00.000Z');
    expect(() => parseSince('last week', now)).toThrow(/--since: expected/);
  });

  it('expands a group in --type', () => {
    expect(parseTypes('run,wedge')).toEqual(['run.started', 'run.ended', 'wedge']);
    expect(() => parseTypes('runs')).toThrow(/unknown event type "runs"/);
  });

  it('takes a sentinel line apart; a hand-written one is all reason', () => {
    expect(sentinelParts('2026-11-24T10:00:00.000Z alice: lunch: back at 2')).toEqual({
      at: '2026-11-24T10:00:00.000Z',
      user: 'alice',
      reason: 'lunch: back at 2',
    });
    expect(sentinelParts('stop please')).toEqual({ at: null, user: null, reason: 'stop please' });
  });
});
