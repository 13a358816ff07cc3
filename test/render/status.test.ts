import { describe, expect, it } from 'vitest';
import type { StatusModel } from '../../src/core/status/model.js';
import { makeColors } from '../../src/render/colors.js';
import { renderPauseLine, renderStatus } from '../../src/render/status.js';
import { formatDuration } from '../../src/render/time.js';
import { renderVerdictLine } from '../../src/render/verdicts.js';

const plain = makeColors(false);
const colored = makeColors(true);

function model(overrides: Partial<StatusModel> = {}): StatusModel {
  return {
    at: '2026-11-24T00:00:00.000Z',
    root: '/ws',
    runtimeDir: '/ws/.autoswe',
    loop: { kind: 'ok', state: { status: 'RUNNING', epoch: 2, iter: 7, module: 'parser', vertex: 'plan' } },
    pause: { kind: 'running' },
    sentinels: { soft: null, hard: null },
    parity: { kind: 'missing' },
    heartbeat: { kind: 'missing' },
    lastVerdict: null,
    rules: { kind: 'ok', pending: 0, autoApplicable: 0, needsApproval: 0 },
    gpu: { kind: 'absent' },
    proxy: {
      base: 'http://127.0.0.1:8011',
      source: 'default',
      health: { kind: 'unreachable', error: 'ECONNREFUSED' },
    },
    ...overrides,
  };
}

describe('the pause line', () => {
  it('words each state exactly as docs/RUNTIME.md section 6, in its colours', () => {
    const cases: [StatusModel['pause'], string, string][] = [
      [{ kind: 'hard', text: 't ann: x' }, 'HARD PAUSED', '\u001b[1m\u001b[31mHARD PAUSED'],
      [
        { kind: 'wedge', reason: 'stale heartbeat', text: 't w: x' },
        'WEDGE-PAUSED - stale heartbeat',
        '\u001b[1m\u001b[31mWEDGE-PAUSED',
      ],
      [
        { kind: 'soft', text: '2026-11-24T00:00:00.000Z ann: lunch' },
        'SOFT PAUSED - 2026-11-24T00:00:00.000Z ann: lunch',
        '\u001b[1m\u001b[33mSOFT PAUSED',
      ],
      [{ kind: 'running' }, 'running', '\u001b[1m\u001b[32mrunning'],
    ];
    for (const [pause, text, ansiStart] of cases) {
      expect(renderPauseLine(model({ pause }), plain)).toBe(text);
      expect(renderPauseLine(model({ pause }), colored).startsWith(ansiStart)).toBe(true);
    }
  });
});

describe('the status screen', () => {
  it('shows CORRUPT with the parser message and every other line', () => {
    const text = renderStatus(
      model({ loop: { kind: 'corrupt', message: 'Unexpected end of JSON input' } }),
      plain,
    );
    expect(text).toContain('loop       CORRUPT - state.json: Unexpected end of JSON input\n');
    for (const label of ['pause', 'parity', 'heartbeat', 'verdict', 'rules', 'gpu', 'proxy'])
      expect(text).toMatch(new RegExp(`^${label}\\s`, 'm'));
    expect(text).toContain('gpu        no GPU');
    expect(text).toContain('proxy      http://127.0.0.1:8011 unreachable (ECONNREFUSED)');
  });

  it('shows an unreadable VERDICTS instead of failing', () => {
    const text = renderStatus(model({ verdictsError: 'cannot read /ws/.autoswe/VERDICTS: EISDIR' }), plain);
    expect(text).toContain('verdict    cannot read /ws/.autoswe/VERDICTS: EISDIR');
  });
});

describe('verdict lines', () => {
  it('colours ACCEPT green, REVISE yellow, REVERT red, and dims raw lines', () => {
    const now = new Date('2026-11-24T00:00:00.000Z');
    const line = (verdict: 'ACCEPT' | 'REVISE' | 'REVERT') =>
      renderVerdictLine(
        {
          kind: 'verdict',
          offset: 0,
          verdict: { at: '2026-11-23T23:58:00.000Z', epoch: 0, iter: 3, module: 'm', verdict, reason: 'why' },
        },
        colored,
        now,
      );
    expect(line('ACCEPT')).toContain('\u001b[32mACCEPT');
    expect(line('REVISE')).toContain('\u001b[33mREVISE');
    expect(line('REVERT')).toContain('\u001b[31mREVERT');
    expect(line('ACCEPT')).toContain('(2m 00s ago)');
    expect(renderVerdictLine({ kind: 'raw', offset: 0, text: 'junk' }, plain, now)).toBe('(unparsed) junk');
    expect(renderVerdictLine({ kind: 'raw', offset: 0, text: '[1,2]' }, plain, now)).toBe('(unparsed) [1,2]');
  });

  it('shows other events of the verdict log (a forced flip) by type, not as unparsed text', () => {
    const now = new Date('2026-11-24T00:00:00.000Z');
    const flip = JSON.stringify({
      at: '2026-11-23T23:00:00.000Z',
      type: 'flip',
      module: 'parser',
      forced: true,
      red: 2,
      by: 'ann',
      epoch: 0,
      iter: 7,
    });
    expect(renderVerdictLine({ kind: 'raw', offset: 0, text: flip }, plain, now)).toBe(
      '2026-11-23 23:00:00 (1h 00m ago)  e0/i7    parser         FLIP  forced=true red=2 by=ann',
    );
  });
});

describe('formatDuration', () => {
  it('reads at a glance', () => {
    expect([5_000, 185_000, 7_800_000, 3 * 86_400_000 + 4 * 3_600_000].map(formatDuration)).toEqual([
      '5s',
      '3m 05s',
      '2h 10m',
      '3d 4h',
    ]);
  });
});

describe('the build line', () => {
  const withState = (state: Record<string, unknown>) =>
    model({ loop: { kind: 'ok', state: { status: 'RUNNING', ...state } } });
  const ran = { duration_ms: 100, timeout_ms: 600_000, at: '2026-12-01T00:00:00.000Z', iter: 4 };

  it('shows the last build and the last result of each check from state.json', () => {
    const text = renderStatus(
      withState({
        build: { ...ran, status: 'ok' },
        checks: {
          vet: { ...ran, status: 'ok', on_fail: 'revert' },
          test: { ...ran, status: 'failed', on_fail: 'note', first_error: 'x_test.go:3: want 1' },
          lint: { ...ran, status: 'timed-out', on_fail: 'revert' },
        },
      }),
      plain,
    );
    expect(text).toMatch(/^build {6}ok \(iter 4\) {2}checks: vet ok, test failed \(note\), lint timed-out$/m);
  });

  // Junk in state.json's build or checks never reaches here: the decoder makes the file corrupt
  // (test/core/runtime/state.test.ts).
  it('a failed build shows its first error line; without any build or check there is no line', () => {
    const failed = { ...ran, status: 'failed', first_error: 'main.go:1:1: x', iter: 2 };
    expect(renderStatus(withState({ build: failed }), plain)).toMatch(
      /^build {6}failed \(iter 2\): main\.go:1:1: x$/m,
    );
    expect(renderStatus(withState({}), plain)).not.toMatch(/^build /m);
  });
});

describe('a WAITING loop', () => {
  it('shows the reason and when it retries by itself, from wait_until', () => {
    const waiting = (wait_until: string) =>
      renderStatus(
        model({
          loop: {
            kind: 'ok',
            state: {
              status: 'WAITING',
              reason: 'usage limit (five_hour) until 02:00 UTC',
              wait_until,
              iter: 6,
            },
          },
        }),
        plain,
      );
    expect(waiting('2026-11-24T02:00:30.000Z')).toContain(
      'WAITING  (usage limit (five_hour) until 02:00 UTC)  retries in 2h 00m  epoch 0  iter 6',
    );
    expect(waiting('2026-11-23T23:59:00.000Z')).toContain('retrying now');
  });
});
