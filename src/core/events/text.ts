import type { EventRecord } from '../runtime/events.js';

/** A duration as people say it: `45 s`, `12 min`, `3.5 h`, `2.1 d`. */
export function spokenDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/**
 * One line saying what happened, for `history`, the web page and a notification's `text`; the reason and
 * `by` are added by the caller where it shows them apart. Plain text: the caller escapes or cleans it.
 */
export function eventSummary(event: EventRecord): string {
  const hard = event.hard === true ? 'hard ' : '';
  switch (event.type) {
    case 'run.started':
      return `run ${event.run ?? '?'} started`;
    case 'run.ended':
      return `run ${event.run ?? '?'} ended ${event.status ?? ''} (${event.outcome ?? '?'}) after ${event.iterations ?? 0} iteration(s)`;
    case 'paused':
      return `${hard}paused`;
    case 'resumed': {
      const lasted = event.duration_ms === undefined ? '' : ` after ${spokenDuration(event.duration_ms)}`;
      const who = event.paused_by ? ` (paused by ${event.paused_by})` : '';
      return `resumed from a ${hard}pause${lasted}${who}`;
    }
    case 'wait.started':
      return `waiting${event.until ? ` until ${event.until}` : ''}`;
    case 'wait.ended':
      return `wait ended${event.duration_ms === undefined ? '' : ` after ${spokenDuration(event.duration_ms)}`}`;
    case 'wedge':
      return 'WEDGE-PAUSED: no sign of life';
    case 'rule.proposed':
      return `rule ${event.rule ?? '?'} proposed (${event.kind ?? '?'})`;
    case 'rule.decided':
      return `rule ${event.rule ?? '?'} ${event.decision ?? 'decided'}`;
    case 'rule.applied':
      return `rule ${event.rule ?? '?'} applied to rules.yaml`;
    case 'module.set-aside':
      return `module ${event.module ?? '?'} set aside`;
    case 'flip':
      return `module ${event.module ?? '?'} flipped${event.forced === true ? ` by force with ${event.red ?? '?'} RED cell(s)` : ''}`;
    case 'epoch.reset':
      return `epoch ${event.previous ?? '?'} ended; epoch ${event.epoch ?? '?'} begins`;
    case 'service.started':
    case 'service.stopped':
    case 'service.failed':
      return `${event.unit ?? 'the service'} ${event.type.slice('service.'.length)}`;
    default:
      return event.type;
  }
}

/** `<summary>: <reason> (by <by>)`, the notification's `text` after the workspace name. */
export function eventLineText(event: EventRecord): string {
  const reason = event.reason === null || event.reason === '' ? '' : `: ${event.reason}`;
  return `${eventSummary(event)}${reason} (by ${event.by})`;
}
