import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journeyMarkdown, summarizeSession, synthesizeJourney } from '../../src/core/journey/synth.js';
import { appendVerdict, type Verdict } from '../../src/core/runtime/verdicts.js';
import { workspaceAt } from '../../src/core/runtime/workspace.js';
import { REPO_ROOT } from '../helpers/cli.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'autoswe-journey-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const transcriptLines = [
  { type: 'system', subtype: 'init', session_id: 's1', tools: [] },
  { type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text: 'Working on it.' }] } },
  {
    type: 'result',
    subtype: 'success',
    is_error: false,
    num_turns: 7,
    total_cost_usd: 0.0421,
    duration_ms: 65_000,
    result: 'Ported division; all calc cases pass.',
    usage: {
      input_tokens: 1200,
      output_tokens: 340,
      cache_read_input_tokens: 50,
      cache_creation_input_tokens: 0,
    },
  },
];

function verdict(extra: Partial<Verdict> = {}): Verdict {
  return {
    at: '2026-11-24T06:00:00.000Z',
    epoch: 0,
    iter: 12,
    module: 'calc',
    verdict: 'ACCEPT',
    reason: '2 cell(s) RED→GREEN',
    green_before: 9,
    green_after: 11,
    total: 11,
    run: 'r1',
    flips: ['calc/div', 'calc/mixed'],
    regressions: [],
    duration_ms: 1500,
    ...extra,
  };
}

describe('summarizeSession', () => {
  it("takes the final result: the agent's summary, turns, tokens, cost and duration", () => {
    const path = join(root, 't.jsonl');
    writeFileSync(path, `${transcriptLines.map((line) => JSON.stringify(line)).join('\n')}\nnot json\n`);
    expect(summarizeSession(path)).toMatchObject({
      summary: 'Ported division; all calc cases pass.',
      turns: 7,
      costUsd: 0.0421,
      durationMs: 65_000,
      usage: { input: 1200, output: 340, cacheRead: 50, cacheCreation: 0 },
    });
  });

  it('falls back to the last assistant text when the session ended without a result', () => {
    const path = join(root, 't.jsonl');
    writeFileSync(path, `${JSON.stringify(transcriptLines[1])}\n`);
    expect(summarizeSession(path)).toMatchObject({ summary: 'Working on it.', turns: null, costUsd: null });
  });

  it('after a hard pause (result "" and hook_stopped) says so and quotes the last assistant text', () => {
    const path = join(root, 'paused.jsonl');
    const lines = [
      transcriptLines[0],
      {
        type: 'assistant',
        message: { role: 'assistant', content: [{ type: 'text', text: 'Adding division next.' }] },
      },
      {
        type: 'user',
        message: {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't',
              is_error: true,
              content: 'PreToolUse:Write hook error: autoswe: hard paused (t ann: incident)',
            },
          ],
        },
      },
      {
        type: 'result',
        subtype: 'success',
        is_error: false,
        terminal_reason: 'hook_stopped',
        num_turns: 2,
        result: '',
      },
    ];
    writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n'));
    const session = summarizeSession(path);
    expect(session).toMatchObject({
      summary: 'Adding division next.',
      stoppedByPause: true,
      terminalReason: 'hook_stopped',
    });
    const markdown = journeyMarkdown(
      verdict({
        session: {
          outcome: 'ok',
          subtype: 'success',
          terminal_reason: 'hook_stopped',
          turns: 2,
          tokens: null,
          cost_usd: null,
          duration_ms: 900,
        },
      }),
      session,
    );
    expect(markdown).toContain(
      '_The session was stopped by the hard pause: the hook denied its tool call and ended its turn. Its last message:_\n\n> Adding division next.',
    );
    expect(markdown).toContain('- Session: ok (success, hook_stopped)');
    // The recorded real Claude Code session stopped by the hook says so too (it had no text of its own).
    const recorded = summarizeSession(
      join(REPO_ROOT, 'test', 'fixtures', 'transcripts', 'endings', 'hook-stopped.jsonl'),
    );
    expect(recorded).toMatchObject({ stoppedByPause: true, summary: null });
  });

  it('is empty, not an error, for a missing transcript', () => {
    expect(summarizeSession(join(root, 'nope.jsonl')).summary).toBeNull();
  });
});

describe('journey entries', () => {
  it('writes docs/journey/iter-<N>.md with verdict, parity before/after, flips and the agent figures', async () => {
    const workspace = workspaceAt(root, {});
    const transcript = join(root, 't.jsonl');
    writeFileSync(transcript, transcriptLines.map((line) => JSON.stringify(line)).join('\n'));
    appendVerdict(workspace, verdict({ iter: 11, module: 'units' }));
    appendVerdict(workspace, verdict({ transcript }));
    const path = await synthesizeJourney(workspace, 12);
    expect(path).toBe(join(root, 'docs', 'journey', 'iter-12.md'));
    const { readFileSync } = await import('node:fs');
    const markdown = readFileSync(path, 'utf8');
    expect(markdown).toContain('# Iteration 12: calc - ACCEPT');
    expect(markdown).toContain('**Parity:** 9 → 11 GREEN of 11');
    expect(markdown).toContain('RED→GREEN: `calc/div`, `calc/mixed`');
    expect(markdown).toContain('> Ported division; all calc cases pass.');
    expect(markdown).toContain('- Turns: 7');
    expect(markdown).toContain('- Tokens: 1200 in, 340 out, cache 50 read / 0 written');
    expect(markdown).toContain('- Cost: $0.0421');
    expect(markdown).toContain('**Duration:** 1.5 s');
  });

  const noAgent = {
    summary: null,
    turns: null,
    usage: null,
    costUsd: null,
    durationMs: null,
    resultSubtype: null,
    terminalReason: null,
    stoppedByPause: false,
  };

  it('says a REVERT threw its changes away, naming the commit the target went back to', () => {
    const markdown = journeyMarkdown(
      verdict({ verdict: 'REVERT', regressions: ['calc/sub'], commit: '8162db153a2f00' }),
      noAgent,
    );
    expect(markdown).toContain('The changes were thrown away');
    expect(markdown).toContain('Regressions (GREEN→RED): `calc/sub`');
    expect(markdown).toContain('- **Target reset to:** `8162db153a2f`');
    expect(markdown).not.toContain('**Commit:**');
  });

  it('names the commit an ACCEPT made', () => {
    const markdown = journeyMarkdown(verdict({ commit: 'e6b7996aaaaaaaa' }), noAgent);
    expect(markdown).toContain('- **Commit:** `e6b7996aaaaa`');
  });

  it('refuses an iteration with no verdict, naming it', async () => {
    await expect(synthesizeJourney(workspaceAt(root, {}), 3)).rejects.toThrow(/no verdict for iteration 3/);
  });
});
