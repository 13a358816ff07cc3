import { describe, expect, it } from 'vitest';
import type { ServiceView, TimerState, UnitState } from '../../src/core/service/unit-state.js';
import { makeColors } from '../../src/render/colors.js';
import { renderServiceLine } from '../../src/render/service.js';

const colors = makeColors(false);
const NOW = new Date('2026-11-24T12:00:00.000Z');
const unit = (name: string, active: string, sub: string, installed = true): UnitState => ({
  unit: name,
  installed,
  load: installed ? 'loaded' : 'not-found',
  active,
  sub,
  problem: null,
});
const timer = (name: string, extra: Partial<TimerState> = {}): TimerState => ({
  ...unit(name, 'active', 'waiting'),
  lastRun: null,
  lastResult: null,
  nextRun: null,
  ...extra,
});

describe('the status line of the service and timers', () => {
  it('shows the service, then each timer with its last run and a failed result', () => {
    const view: ServiceView = {
      kind: 'ok',
      service: unit('autoswe.service', 'active', 'running'),
      watchdog: timer('autoswe-watchdog.timer', {
        lastRun: '2026-11-24T11:57:00.000Z',
        lastResult: 'success',
      }),
      metaJudge: timer('autoswe-meta-judge.timer', {
        lastRun: '2026-11-24T11:00:00.000Z',
        lastResult: 'exit-code',
      }),
    };
    expect(renderServiceLine(view, colors, NOW)).toBe(
      'autoswe.service active (running); watchdog active (waiting), last 3m 00s ago; meta-judge active (waiting), last 1h 00m ago exit-code',
    );
  });

  it('says when nothing is installed, and how to install', () => {
    const view: ServiceView = {
      kind: 'ok',
      service: unit('autoswe.service', 'inactive', 'dead', false),
      watchdog: { ...timer('autoswe-watchdog.timer'), installed: false },
      metaJudge: { ...timer('autoswe-meta-judge.timer'), installed: false },
    };
    expect(renderServiceLine(view, colors, NOW)).toBe(
      "units not installed ('autoswe install-units' writes them)",
    );
  });

  it('shows a timer that never ran, and a unit whose program is gone on its own line', () => {
    const view: ServiceView = {
      kind: 'ok',
      service: {
        ...unit('autoswe.service', 'failed', 'failed'),
        problem: 'autoswe.service runs /old/node, which no longer exists',
      },
      watchdog: timer('autoswe-watchdog.timer'),
      metaJudge: timer('autoswe-meta-judge.timer'),
    };
    expect(renderServiceLine(view, colors, NOW).split('\n')).toEqual([
      'autoswe.service failed; watchdog active (waiting), never ran; meta-judge active (waiting), never ran',
      '           autoswe.service runs /old/node, which no longer exists',
    ]);
  });

  it('does not claim a stopped timer never ran: systemd forgets the runs of a stopped timer', () => {
    const stopped = (name: string): TimerState => ({ ...timer(name), active: 'inactive', sub: 'dead' });
    const view: ServiceView = {
      kind: 'ok',
      service: unit('autoswe.service', 'inactive', 'dead'),
      watchdog: stopped('autoswe-watchdog.timer'),
      metaJudge: { ...stopped('autoswe-meta-judge.timer'), lastRun: '2026-11-24T11:00:00.000Z' },
    };
    expect(renderServiceLine(view, colors, NOW)).toBe(
      'autoswe.service inactive (dead); watchdog inactive (dead); meta-judge inactive (dead), last 1h 00m ago',
    );
  });

  it('compact (80-column TUI): each unit on its own line, usual sub-states left out, each line fits', () => {
    const view: ServiceView = {
      kind: 'ok',
      service: unit('autoswe.service', 'active', 'running'),
      watchdog: timer('autoswe-watchdog.timer', { lastRun: '2026-11-24T11:57:00.000Z' }),
      metaJudge: timer('autoswe-meta-judge.timer', {
        lastRun: '2026-11-24T11:00:00.000Z',
        lastResult: 'exit-code',
      }),
    };
    const lines = renderServiceLine(view, colors, NOW, { compact: true }).split('\n');
    expect(lines).toEqual([
      'autoswe.service active',
      '           watchdog active, last 3m 00s ago',
      '           meta-judge active, last 1h 00m ago exit-code',
    ]);
    for (const line of lines) expect(line.length + 11).toBeLessThanOrEqual(80);
    const restarting: ServiceView = {
      ...view,
      service: unit('autoswe.service', 'activating', 'auto-restart'),
    };
    expect(renderServiceLine(restarting, colors, NOW, { compact: true })).toMatch(
      /^autoswe\.service activating \(auto-restart\)\n/,
    );
  });

  it('names the workspace the units were installed for when it is not the one shown', () => {
    const view: ServiceView = {
      kind: 'ok',
      root: '/srv/other',
      service: unit('autoswe.service', 'active', 'running'),
      watchdog: timer('autoswe-watchdog.timer'),
      metaJudge: timer('autoswe-meta-judge.timer'),
    };
    expect(renderServiceLine(view, colors, NOW, { root: '/srv/ws' }).split('\n')[1]).toBe(
      "           installed for /srv/other, not this workspace; 'autoswe install-units' here switches",
    );
    expect(renderServiceLine(view, colors, NOW, { root: '/srv/other' })).not.toContain('\n');
    expect(renderServiceLine(view, colors, NOW)).not.toContain('\n');
  });

  it('passes on why systemd could not be asked', () => {
    expect(
      renderServiceLine({ kind: 'unavailable', reason: 'systemctl not found on PATH' }, colors, NOW),
    ).toBe('systemctl not found on PATH');
  });
});
