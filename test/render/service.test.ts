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
      name: 'ws',
      service: unit('autoswe@ws.service', 'active', 'running'),
      watchdog: timer('autoswe-watchdog@ws.timer', {
        lastRun: '2026-11-24T11:57:00.000Z',
        lastResult: 'success',
      }),
      metaJudge: timer('autoswe-meta-judge@ws.timer', {
        lastRun: '2026-11-24T11:00:00.000Z',
        lastResult: 'exit-code',
      }),
    };
    expect(renderServiceLine(view, colors, NOW)).toBe(
      'autoswe@ws.service active (running); watchdog active (waiting), last 3m 00s ago; meta-judge active (waiting), last 1h 00m ago exit-code',
    );
  });

  it('says when nothing is installed, and how to install', () => {
    const view: ServiceView = {
      kind: 'ok',
      name: 'ws',
      service: unit('autoswe@ws.service', 'inactive', 'dead', false),
      watchdog: { ...timer('autoswe-watchdog@ws.timer'), installed: false },
      metaJudge: { ...timer('autoswe-meta-judge@ws.timer'), installed: false },
    };
    expect(renderServiceLine(view, colors, NOW)).toBe(
      "units not installed ('autoswe install-units' writes them)",
    );
  });

  it('shows a timer that never ran, and a unit whose program is gone on its own line', () => {
    const view: ServiceView = {
      kind: 'ok',
      name: 'ws',
      service: {
        ...unit('autoswe@ws.service', 'failed', 'failed'),
        problem: 'autoswe@ws.service runs /old/node, which no longer exists',
      },
      watchdog: timer('autoswe-watchdog@ws.timer'),
      metaJudge: timer('autoswe-meta-judge@ws.timer'),
    };
    expect(renderServiceLine(view, colors, NOW).split('\n')).toEqual([
      'autoswe@ws.service failed; watchdog active (waiting), never ran; meta-judge active (waiting), never ran',
      '           autoswe@ws.service runs /old/node, which no longer exists',
    ]);
  });

  it('does not claim a stopped timer never ran: systemd forgets the runs of a stopped timer', () => {
    const stopped = (name: string): TimerState => ({ ...timer(name), active: 'inactive', sub: 'dead' });
    const view: ServiceView = {
      kind: 'ok',
      name: 'ws',
      service: unit('autoswe@ws.service', 'inactive', 'dead'),
      watchdog: stopped('autoswe-watchdog@ws.timer'),
      metaJudge: { ...stopped('autoswe-meta-judge@ws.timer'), lastRun: '2026-11-24T11:00:00.000Z' },
    };
    expect(renderServiceLine(view, colors, NOW)).toBe(
      'autoswe@ws.service inactive (dead); watchdog inactive (dead); meta-judge inactive (dead), last 1h 00m ago',
    );
  });

  it('compact (80-column TUI): each unit on its own line, usual sub-states left out, each line fits', () => {
    const view: ServiceView = {
      kind: 'ok',
      name: 'ws',
      service: unit('autoswe@ws.service', 'active', 'running'),
      watchdog: timer('autoswe-watchdog@ws.timer', { lastRun: '2026-11-24T11:57:00.000Z' }),
      metaJudge: timer('autoswe-meta-judge@ws.timer', {
        lastRun: '2026-11-24T11:00:00.000Z',
        lastResult: 'exit-code',
      }),
    };
    const lines = renderServiceLine(view, colors, NOW, { compact: true }).split('\n');
    expect(lines).toEqual([
      'autoswe@ws.service active',
      '           watchdog active, last 3m 00s ago',
      '           meta-judge active, last 1h 00m ago exit-code',
    ]);
    for (const line of lines) expect(line.length + 11).toBeLessThanOrEqual(80);
    const restarting: ServiceView = {
      ...view,
      service: unit('autoswe@ws.service', 'activating', 'auto-restart'),
    };
    expect(renderServiceLine(restarting, colors, NOW, { compact: true })).toMatch(
      /^autoswe@ws\.service activating \(auto-restart\)\n/,
    );
  });

  it('says a workspace that is not registered, and offers the migration when old units are there', () => {
    expect(renderServiceLine({ kind: 'unregistered', legacy: false }, colors, NOW)).toBe(
      "not registered ('autoswe install-units' registers this workspace and writes the units)",
    );
    expect(renderServiceLine({ kind: 'unregistered', legacy: true }, colors, NOW)).toContain(
      "fixed-name units of an older autoswe ('autoswe install-units' moves them",
    );
  });

  it('passes on why systemd could not be asked', () => {
    expect(
      renderServiceLine({ kind: 'unavailable', reason: 'systemctl not found on PATH' }, colors, NOW),
    ).toBe('systemctl not found on PATH');
  });
});
