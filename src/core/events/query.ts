import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { parseDuration } from '../config/duration.js';
import { EVENT_TYPES } from '../runtime/events.js';

/**
 * `--since D`: a duration back from now (`90m`, `2h`, `3d`), or a date or time (`2026-11-24`,
 * `2026-11-24T06:00`, read as UTC unless it says otherwise). Returns the ISO timestamp; bad input is a
 * usage error naming both forms.
 */
export function parseSince(text: string, now: Date): string {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?\s*(ms|s|m|h|d)$/.test(trimmed)) {
    const ms = parseDuration(trimmed);
    if (ms !== undefined) return new Date(now.getTime() - ms).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const iso = trimmed.replace(' ', 'T');
    const zoned = /T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? `${iso}Z` : iso;
    const time = Date.parse(zoned);
    if (!Number.isNaN(time)) return new Date(time).toISOString();
  }
  throw new AutosweError(
    `--since: expected a duration back from now (30m, 2h, 3d) or a date/time (2026-11-24, 2026-11-24T06:00), got ${JSON.stringify(text)}`,
    EXIT_USAGE,
  );
}

/**
 * `--type T`: event types, comma-separated; a group (`run`, `rule`, `service`, `wait`) stands for every
 * type that starts with it and a dot. An unknown name is a usage error listing the known ones.
 */
export function parseTypes(text: string): string[] {
  const types = new Set<string>();
  for (const name of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const matching = EVENT_TYPES.filter((type) => type === name || type.startsWith(`${name}.`));
    if (matching.length === 0) {
      throw new AutosweError(
        `--type: unknown event type ${JSON.stringify(name)}; known: ${EVENT_TYPES.join(', ')} (or a group: run, wait, rule, service)`,
        EXIT_USAGE,
      );
    }
    for (const type of matching) types.add(type);
  }
  if (types.size === 0) throw new AutosweError('--type: expected at least one event type', EXIT_USAGE);
  return [...types];
}
