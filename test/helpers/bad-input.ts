/** Texts no runtime file may crash a reader with: not JSON, or JSON of the wrong shape. */
export const JUNK: readonly string[] = [
  '',
  '\n',
  'nope\n',
  '[1, 2]',
  '"text"',
  '42',
  'null',
  'true',
  '\u0000\u0001\u00ff\ufffd',
  '{"a":',
  '{}}',
];

/** Cuts of a JSON text before its closing brace (a writer killed mid-write by something not atomic). */
export function truncations(text: string, count = 8): string[] {
  const end = text.lastIndexOf('}');
  const cuts = new Set<number>();
  for (let index = 0; index < count; index++) cuts.add(Math.floor((end * index) / count));
  cuts.add(end);
  return [...cuts].map((cut) => text.slice(0, cut));
}

/** `value` without `key`: what a file that lost a key looks like. */
export function without(value: { readonly [key: string]: unknown }, key: string): { [key: string]: unknown } {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
