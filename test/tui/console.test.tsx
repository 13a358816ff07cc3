import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/core/runtime/workspace.js';
import { greenSeries, sparkline } from '../../src/tui/views/panels.js';
import { type Harness, renderApp, tempWorkspace } from './harness.js';

let workspace: Workspace;
let cleanup: () => void;
let app: Harness | undefined;

beforeEach(() => {
  ({ workspace, cleanup } = tempWorkspace());
});
afterEach(() => {
  app?.unmount();
  app = undefined;
  cleanup();
});

const assistant = (text: string) =>
  `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text }] } })}\n`;
const tool = (command: string) =>
  `${JSON.stringify({ type: 'assistant', message: { content: [{ type: 'tool_use', name: 'Bash', input: { command } }] } })}\n`;

function activeTranscript(lines: string): string {
  const dir = join(workspace.runtimeDir, 'transcripts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'run1-iter-4.jsonl');
  writeFileSync(path, lines);
  writeFileSync(workspace.paths.active, `${path}\n`);
  return path;
}

function parity(modules: Record<string, [number, number]>): void {
  const entries = Object.entries(modules).map(([name, [green, red]]) => {
    const cells: Record<string, { status: string }> = {};
    for (let i = 0; i < green; i++) cells[`g${i}`] = { status: 'GREEN' };
    for (let i = 0; i < red; i++) cells[`r${i}`] = { status: 'RED' };
    return [name, { flipped: false, flipped_at: null, cells }];
  });
  writeFileSync(workspace.paths.parity, JSON.stringify({ modules: Object.fromEntries(entries) }));
}

describe('the console panels', () => {
  it("shows the agent's activity, rendered as watch-agent does, and a line appended, through the file watch", async () => {
    const path = activeTranscript(`${assistant('Reading the lexer first.')}${tool('go test ./lexer/...')}`);
    app = renderApp(workspace);
    const frame = await app.waitFor((text) => text.includes('→ Bash  go test ./lexer/...'));
    expect(frame).toContain('Reading the lexer first.');
    expect(frame).toContain('agent · run1-iter-4.jsonl');
    appendFileSync(path, assistant('All lexer cells pass now.'));
    // Only the follower's file watch shows it (no tick reads the transcript). The deadline is for a loaded
    // machine, not the 200 ms target: bench/live.mjs measures that latency.
    await app.waitFor((text) => text.includes('All lexer cells pass now.'), 15_000);
  });

  it('follows the next session when ACTIVE moves on', async () => {
    activeTranscript(assistant('first session'));
    app = renderApp(workspace);
    await app.waitFor((text) => text.includes('first session'));
    const next = join(workspace.runtimeDir, 'transcripts', 'run1-iter-5.jsonl');
    writeFileSync(next, assistant('second session'));
    writeFileSync(`${workspace.paths.active}.tmp`, `${next}\n`);
    const { renameSync } = await import('node:fs');
    renameSync(`${workspace.paths.active}.tmp`, workspace.paths.active);
    await app.waitFor((text) => text.includes('second session') && text.includes('run1-iter-5.jsonl'), 2000);
  });

  it('draws a parity bar per module, the worst first, and GREEN over time as a sparkline', async () => {
    parity({ good: [9, 1], bad: [1, 9], middle: [5, 5] });
    for (let iter = 1; iter <= 5; iter++)
      appendFileSync(
        workspace.paths.verdicts,
        `${JSON.stringify({ at: '2026-11-24T05:00:00.000Z', epoch: 0, iter, module: 'bad', verdict: 'ACCEPT', reason: 'r', green_after: iter * 3 })}\n`,
      );
    app = renderApp(workspace, { columns: 160, rows: 50 });
    const frame = await app.waitFor((text) => text.includes('good'));
    const lines = frame.split('\n');
    const row = (name: string) => lines.findIndex((line) => new RegExp(`^\\s+${name}\\s+\\[`).test(line));
    expect(row('bad')).toBeGreaterThan(-1);
    expect(row('bad')).toBeLessThan(row('middle'));
    expect(row('middle')).toBeLessThan(row('good'));
    expect(frame).toContain('▁▃▅▆█ 3→15 over 5 verdicts');
  });

  it('lists the latest events from EVENTS, newest first, skipping lines it cannot read', async () => {
    app = renderApp(workspace);
    await app.waitFor((text) => text.includes('no events yet'));
    app.unmount();
    writeFileSync(
      join(workspace.runtimeDir, 'EVENTS'),
      [
        JSON.stringify({
          id: 'ev-1',
          at: '2026-11-24T05:00:00.000Z',
          type: 'run.started',
          by: 'loop',
          reason: null,
        }),
        'torn {',
        // Lacks the id and reason every autoswe line has: not an event, left out like the torn line.
        JSON.stringify({ at: '2026-11-24T05:30:00.000Z', type: 'forged', by: 'someone' }),
        JSON.stringify({
          id: 'ev-2',
          at: '2026-11-24T06:00:00.000Z',
          type: 'paused',
          by: 'alice',
          reason: 'lunch',
        }),
        '',
      ].join('\n'),
    );
    app = renderApp(workspace);
    const frame = await app.waitFor((text) => text.includes('paused alice: lunch'));
    const lines = frame.split('\n');
    expect(lines.findIndex((line) => line.includes('paused alice'))).toBeLessThan(
      lines.findIndex((line) => line.includes('run.started loop')),
    );
    expect(frame).not.toContain('torn');
    expect(frame).not.toContain('forged');
    await app.press('e');
    await app.waitFor(
      (text) => text.includes('event history (newest first)') && text.includes('run.started'),
    );
  });

  it('t opens the full transcript at its end, scrollable, and live; Esc goes back', async () => {
    const lines = Array.from({ length: 60 }, (_, index) => assistant(`line ${index}`)).join('');
    const path = activeTranscript(lines);
    app = renderApp(workspace);
    await app.waitFor((text) => text.includes('line 59'));
    await app.press('t');
    const frame = await app.waitFor((text) => text.includes('agent transcript (live)'));
    expect(frame).toContain('line 59');
    expect(frame).not.toContain('line 10\n');
    appendFileSync(path, assistant('line 60'));
    await app.waitFor((text) => text.includes('line 60'), 1000);
    await app.press('\u001b[H');
    await app.waitFor((text) => text.includes(path));
    await app.press('\u001b');
    await app.waitFor((text) => text.includes('recent verdicts'));
  });

  it('at 160x50 puts the agent beside the other panels; at 80x24 stacks them, nothing past the edge', async () => {
    activeTranscript(assistant('side by side'));
    app = renderApp(workspace, { columns: 160, rows: 50 });
    const wide = await app.waitFor((text) => text.includes('side by side'));
    expect(wide.split('\n').some((line) => line.includes(' status · ') && line.includes(' agent · '))).toBe(
      true,
    );
    expect(wide.split('\n').length).toBeLessThanOrEqual(50);
    app.resize(80, 24);
    const narrow = await app.waitFor((text) =>
      text.split('\n').every((line) => !(line.includes(' status · ') && line.includes(' agent · '))),
    );
    expect(narrow.split('\n').length).toBeLessThanOrEqual(24);
    for (const line of narrow.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    for (const title of [' status · ', ' agent · ', ' recent verdicts ', ' events '])
      expect(narrow).toContain(title);
  });
});

describe('panel pieces', () => {
  it('sparkline scales between min and max and keeps the newest', () => {
    expect(sparkline([0, 7, 14], 10)).toBe('▁▅█');
    expect(sparkline([5, 5], 10)).toBe('██');
    expect(sparkline([1, 2, 3, 4], 2)).toBe('▁█');
    expect(sparkline([], 5)).toBe('');
    expect(greenSeries([{ kind: 'raw', offset: 0, text: 'x' }])).toEqual([]);
  });
});
