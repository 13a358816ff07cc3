import { terminalLine } from '../base/terminal-text.js';
import { eventSummary } from '../core/events/text.js';
import type { EventEntry, EventRecord } from '../core/runtime/events.js';
import type { Colors } from './colors.js';

/** Red for what stopped something, yellow for what needs a look, green for a good end. */
export function colorEventType(event: EventRecord, colors: Colors): string {
  const type = terminalLine(event.type, 60).padEnd(16);
  if (event.type === 'wedge' || event.type === 'service.failed') return colors.red(type);
  if (event.type === 'run.ended') return event.outcome === 'failed' ? colors.red(type) : colors.green(type);
  if (event.type === 'paused' || event.type === 'wait.started' || event.type === 'module.set-aside')
    return colors.yellow(type);
  return type;
}

/** One line per event, in the order given (`history` gives newest first). Text from the file is cleaned. */
export function renderEvents(entries: readonly EventEntry[], colors: Colors): string {
  if (entries.length === 0) return `${colors.dim('no events recorded')}\n`;
  return entries
    .map((entry) => {
      if (entry.kind === 'raw') return colors.dim(`(unparsed) ${terminalLine(entry.text, 300)}`);
      const event = entry.event;
      const when = colors.dim(terminalLine(event.at.slice(0, 19).replace('T', ' '), 19));
      const reason = event.reason === null || event.reason === '' ? '' : ` - ${event.reason}`;
      const text = terminalLine(`${event.by}: ${eventSummary(event)}${reason}`, 1000);
      return `${when}  ${colorEventType(event, colors)} ${text}`;
    })
    .join('\n')
    .concat('\n');
}
