import type { ServiceView, TimerState, UnitState } from '../core/service/unit-state.js';
import type { Colors } from './colors.js';
import { formatAge } from './time.js';

/** The sub-state a unit of this kind shows when all is well: omitted in the compact form. */
function usualSub(unit: UnitState): string {
  return unit.unit.endsWith('.timer') ? 'waiting' : 'running';
}

function activeWord(unit: UnitState, colors: Colors, compact: boolean): string {
  if (!unit.installed) return colors.dim('not installed');
  const quiet = unit.sub === unit.active || (compact && unit.sub === usualSub(unit));
  const word = `${unit.active}${unit.sub && !quiet ? ` (${unit.sub})` : ''}`;
  if (unit.active === 'active') return colors.green(word);
  if (unit.active === 'failed') return colors.red(word);
  if (unit.active === 'activating' || unit.active === 'deactivating') return colors.yellow(word);
  return word;
}

function timerPart(label: string, timer: TimerState, colors: Colors, now: Date, compact: boolean): string {
  const parts = [`${label} ${activeWord(timer, colors, compact)}`];
  if (timer.lastRun !== null) {
    const result =
      timer.lastResult && timer.lastResult !== 'success' ? colors.red(` ${timer.lastResult}`) : '';
    parts.push(`last ${formatAge(timer.lastRun, now)}${result}`);
  } else if (timer.active === 'active') {
    // Only a running timer is tracked by systemd; a stopped one is forgotten, so "never" would be a guess.
    parts.push(colors.dim('never ran'));
  }
  return parts.join(', ');
}

export interface ServiceLineOptions {
  /**
   * For narrow screens (the 80-column TUI, which cuts lines at the edge): the service and each timer on
   * a line of its own, usual sub-states left out, so the last-run times and results stay visible.
   */
  readonly compact?: boolean;
}

const INDENT = ' '.repeat(11);

/** One line (three in the compact form): the service, then each timer with its last run. */
export function renderServiceLine(
  service: ServiceView,
  colors: Colors,
  now: Date,
  options: ServiceLineOptions = {},
): string {
  const compact = options.compact === true;
  if (service.kind === 'unavailable') return colors.dim(service.reason);
  if (service.kind === 'error') return colors.red(service.message);
  if (service.kind === 'unregistered') {
    return service.legacy
      ? `${colors.yellow('fixed-name units of an older autoswe')} ('autoswe install-units' moves them onto this workspace's own)`
      : `${colors.dim('not registered')} ('autoswe install-units' registers this workspace and writes the units)`;
  }
  if (!service.service.installed && !service.watchdog.installed && !service.metaJudge.installed) {
    return `${colors.dim('units not installed')} ('autoswe install-units' writes them)`;
  }
  const parts = [
    `${service.service.unit} ${activeWord(service.service, colors, compact)}`,
    timerPart('watchdog', service.watchdog, colors, now, compact),
    timerPart('meta-judge', service.metaJudge, colors, now, compact),
  ];
  const line = parts.join(compact ? `\n${INDENT}` : '; ');
  const problem = serviceProblem(service);
  return problem ? `${line}\n${INDENT}${colors.red(problem)}` : line;
}

/** What keeps the installed units from running this workspace's loop as written, if anything. */
export function serviceProblem(service: Extract<ServiceView, { kind: 'ok' }>): string | null {
  return service.service.problem ?? service.watchdog.problem ?? service.metaJudge.problem;
}
