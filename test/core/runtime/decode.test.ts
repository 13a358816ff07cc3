import { describe, expect, it } from 'vitest';
import {
  array,
  boolean,
  type Check,
  decode,
  jsonObject,
  literal,
  looseObject,
  nonEmptyString,
  nonNegativeInt,
  nullable,
  number,
  object,
  optional,
  picklist,
  positiveInt,
  record,
  string,
} from '../../../src/core/runtime/decode.js';

const message = (check: Check<unknown>, input: unknown) => {
  const decoded = decode(check, input);
  return decoded.ok ? 'ok' : decoded.message;
};

describe('decode', () => {
  it.each([
    ['a string', string, 'x', 'ok'],
    ['a string', string, 7, '(top level): expected a string, got 7'],
    ['a non-empty string', nonEmptyString, '', '(top level): expected a non-empty string, got ""'],
    ['a boolean', boolean, 'yes', '(top level): expected true or false, got "yes"'],
    ['a number', number, 1.5, 'ok'],
    ['a number', number, '1', '(top level): expected a number, got "1"'],
    ['an integer ≥ 0', nonNegativeInt, 0, 'ok'],
    ['an integer ≥ 0', nonNegativeInt, -1, '(top level): expected an integer ≥ 0, got -1'],
    ['an integer ≥ 0', nonNegativeInt, 1.5, '(top level): expected an integer ≥ 0, got 1.5'],
    ['an integer ≥ 0', nonNegativeInt, '7', '(top level): expected an integer ≥ 0, got "7"'],
    ['a positive integer', positiveInt, 0, '(top level): expected a positive integer, got 0'],
    ['a picklist', picklist(['A', 'B']), 'C', '(top level): expected one of A, B, got "C"'],
    ['a picklist', picklist(['A', 'B']), ['A'], '(top level): expected one of A, B, got a list'],
    ['a literal', literal('flip'), 'flop', '(top level): expected "flip", got "flop"'],
    ['a literal', literal(true), 1, '(top level): expected true, got 1'],
    ['nullable', nullable(string), null, 'ok'],
    ['nullable', nullable(string), 3, '(top level): expected a string or null, got 3'],
    ['a JSON object', jsonObject, [], '(top level): expected an object, got a list'],
    ['a JSON object', jsonObject, null, '(top level): expected an object, got null'],
  ])('%s: %j → %s', (_name, check, input, expected) => {
    expect(message(check, input)).toBe(expected);
  });

  it('names the key path of a failure inside objects, maps and lists', () => {
    const shape = object({
      steps: record(object({ note: optional(nullable(string)) })),
      cells: array(object({ id: string })),
    });
    expect(message(shape, { steps: { plan: { note: 5 } }, cells: [] })).toBe(
      'steps.plan.note: expected a string or null, got 5',
    );
    expect(message(shape, { steps: {}, cells: [{ id: 'a' }, { id: 2 }] })).toBe(
      'cells.1.id: expected a string, got 2',
    );
    expect(message(shape, { steps: {} })).toBe('cells: expected a list, got nothing (the key is missing)');
    // A nested failure keeps its own words: "or null" belongs to the level that allows null.
    expect(message(nullable(object({ a: string })), { a: 1 })).toBe('a: expected a string, got 1');
  });

  it('quotes strings with JSON.stringify and cuts long values with …', () => {
    expect(message(object({ a: nonNegativeInt }), { a: 'say "hi"\n' })).toBe(
      'a: expected an integer ≥ 0, got "say \\"hi\\"\\n"',
    );
    const long = 'x'.repeat(200);
    expect(message(object({ a: nonNegativeInt }), { a: long })).toBe(
      `a: expected an integer ≥ 0, got "${'x'.repeat(60)}…"`,
    );
    expect(message(object({ a: string }), { a: { deep: 1 } })).toBe('a: expected a string, got an object');
  });

  it('optional keys may be missing but not of the wrong type; other keys are kept, not copied', () => {
    const check = looseObject({ a: optional(string), b: nonNegativeInt });
    const input = { b: 1, extra: { kept: true } };
    const decoded = decode(check, input);
    expect(decoded).toEqual({ ok: true, value: input });
    expect(decoded.ok && decoded.value).toBe(input);
    expect(message(check, { a: 5, b: 1 })).toBe('a: expected a string, got 5');
  });
});
