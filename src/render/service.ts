import type { ServiceView, TimerState, UnitState } from '../core/service.js';
import type { Colors } from './colors.js';
import { formatAge } from './time.js';

function activeWord(unit: UnitState, colors: Colors): string {
  if (!unit.installed) return colors.dim('not installed');
  const word = `${unit.active}${unit.sub && unit.sub !== unit.active ? ` (${unit.sub})` : ''}`;
  if (unit.active === 'active') return colors.green(word);
  if (unit.active === 'failed') return colors.red(word);
  if (unit.active === 'activating' || unit.active === 'deactivating') return colors.yellow(word);
  return word;
}

function timerPart(label: string, timer: TimerState, colors: Colors, now: Date): string {
  const parts = [`${label} ${activeWord(timer, colors)}`];
  if (timer.lastRun !== null) {
    const result =
      timer.lastResult && timer.lastResult !== 'success' ? colors.red(` ${timer.lastResult}`) : '';
    parts.push(`last ${formatAge(timer.lastRun, now)}${result}`);
  } else if (timer.installed) parts.push(colors.dim('never ran'));
  return parts.join(', ');
}

/** One line: the service, then each timer with its last run. */
export function renderServiceLine(service: ServiceView, colors: Colors, now: Date): string {
  if (service.kind === 'unavailable') return colors.dim(service.reason);
  if (service.kind === 'error') return colors.red(service.message);
  if (!service.service.installed && !service.watchdog.installed && !service.metaJudge.installed) {
    return `${colors.dim('units not installed')} ('autoswe install-units' writes them)`;
  }
  const line = [
    `${service.service.unit} ${activeWord(service.service, colors)}`,
    timerPart('watchdog', service.watchdog, colors, now),
    timerPart('meta-judge', service.metaJudge, colors, now),
  ].join('; ');
  const problem = service.service.problem ?? service.watchdog.problem ?? service.metaJudge.problem;
  return problem ? `${line}\n${' '.repeat(11)}${colors.red(problem)}` : line;
}
