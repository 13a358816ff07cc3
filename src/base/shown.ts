/** Longest string shown whole in an error message; longer ones are cut with "…". */
const SHOWN_CHARS = 60;

/**
 * The offending value in an error (`expected …, got <this>`): strings quoted, long ones cut, a missing key
 * said plainly, containers by their kind (`objectWord` is "an object" for JSON, "a mapping" for YAML).
 */
export function shownValue(input: unknown, objectWord = 'an object'): string {
  if (input === undefined) return 'nothing (the key is missing)';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return objectWord;
  if (typeof input === 'string') {
    return JSON.stringify(input.length > SHOWN_CHARS ? `${input.slice(0, SHOWN_CHARS)}…` : input);
  }
  return String(input);
}
