import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initWorkspace, runCli } from '../helpers/cli.js';

let ws: { root: string; cleanup: () => void } | undefined;
afterEach(() => ws?.cleanup());

const as = (user: string) => ({ cwd: ws?.root ?? '', env: { USER: user, NO_COLOR: '1' } });

describe('autoswe history', () => {
  it('after pause, resume, approve and flip, --json shows each, newest first, with user and reason', async () => {
    ws = await initWorkspace();
    const runtime = join(ws.root, '.autoswe');
    mkdirSync(runtime, { recursive: true });
    const at = new Date().toISOString();
    appendFileSync(
      join(runtime, 'RULES_QUEUE'),
      `${JSON.stringify({ type: 'proposal', id: 'r-0123456789', at, kind: 'additive', text: 'Keep the cases green.', rationale: '', target: null, source: 'meta-judge' })}\n`,
    );
    const cell = { status: 'GREEN', at, detail: '' };
    writeFileSync(
      join(runtime, 'parity.json'),
      JSON.stringify({
        modules: {
          parser: { flipped: false, flipped_at: null, cells: { a: cell } },
          lexer: { flipped: false, flipped_at: null, cells: { b: { ...cell, status: 'RED', detail: 'x' } } },
        },
      }),
    );
    expect((await runCli(['pause', '-m', 'lunch'], as('alice'))).code).toBe(0);
    expect((await runCli(['pause', '-m', 'again'], as('bob'))).code).toBe(0); // already paused: no event
    expect((await runCli(['resume', '-m', 'back from lunch'], as('bob'))).code).toBe(0);
    expect(
      (await runCli(['rules-review', 'approve', 'r-0123456789', '-m', 'sensible'], as('carol'))).code,
    ).toBe(0);
    expect((await runCli(['parity-flip', 'parser', '-m', 'ready to ship'], as('dave'))).code).toBe(0);
    expect((await runCli(['parity-flip', 'lexer', '--force'], as('erin'))).code).toBe(0);

    const result = await runCli(['history', '--json'], as('x'));
    expect(result.code).toBe(0);
    const events = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(events.map((event) => [event.type, event.by, event.reason])).toEqual([
      ['flip', 'erin', 'forced with 1 RED cell(s): b'],
      ['flip', 'dave', 'ready to ship'],
      ['rule.decided', 'carol', 'sensible'],
      ['resumed', 'bob', 'back from lunch'],
      ['paused', 'alice', 'lunch'],
    ]);
    expect(events[0]).toMatchObject({ module: 'lexer', forced: true, red: 1 });
    expect(events[1]).toMatchObject({ module: 'parser', forced: false, red: 0 });
    expect(events[2]).toMatchObject({ rule: 'r-0123456789', decision: 'approved' });
    // The sentinel's user and reason, deleted by resume, are kept in the event.
    expect(events[3]).toMatchObject({ hard: false, paused_by: 'alice', pause_reason: 'lunch' });
    expect(events[3]?.duration_ms).toEqual(expect.any(Number));
    for (const event of events) expect(event.id).toMatch(/^ev-\d{8}T\d{9}Z-[0-9a-f]{6}$/);

    const text = await runCli(['history', '--type', 'flip,paused'], as('x'));
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}flip +erin: module lexer flipped by force with 1 RED cell\(s\) - forced with 1 RED cell\(s\): b$/,
    );
    expect(lines[2]).toMatch(/ paused +alice: paused - lunch$/);
    const limited = JSON.parse(
      (await runCli(['history', '--json', '-n', '2', '--type', 'rule'], as('x'))).stdout,
    );
    expect(limited.map((event: { type: string }) => event.type)).toEqual(['rule.decided']);
    const future = JSON.parse((await runCli(['history', '--json', '--since', '2999-01-01'], as('x'))).stdout);
    expect(future).toEqual([]);
  });

  it('shows a torn or hand-written line as unparsed, and refuses a bad --type or --since (exit 2)', async () => {
    ws = await initWorkspace();
    const runtime = join(ws.root, '.autoswe');
    mkdirSync(runtime, { recursive: true });
    writeFileSync(
      join(runtime, 'EVENTS'),
      '{"id":"ev-1","at":"2026-01-01T00:00:00.000Z","type":"paused","by":"a","reason":null}\n{"torn\n',
    );
    const result = await runCli(['history'], as('x'));
    expect(result.stdout).toBe('(unparsed) {"torn\n2026-01-01 00:00:00  paused           a: paused\n');
    const badType = await runCli(['history', '--type', 'banana'], as('x'));
    expect(badType.code).toBe(2);
    expect(badType.stderr).toMatch(/^autoswe: --type: unknown event type "banana"; known: run\.started, /);
    const badSince = await runCli(['history', '--since', 'yesterday'], as('x'));
    expect(badSince.code).toBe(2);
    const empty = await runCli(['history'], {
      cwd: ws.root,
      env: { NO_COLOR: '1', AUTOSWE_RUNTIME_DIR: join(ws.root, 'none') },
    });
    expect(empty.stdout).toBe('no events recorded\n');
    expect(readFileSync(join(runtime, 'EVENTS'), 'utf8')).toContain('torn');
  });
});
