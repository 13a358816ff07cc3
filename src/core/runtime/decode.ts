import { shownValue } from '../../base/shown.js';

/**
 * Checks that turn parsed JSON into typed values at the file boundary. Hand-written rather than valibot:
 * `status`, `verdicts` and the hook load them on every start (docs/PERFORMANCE.md, "Decoders").
 *
 * A check is a type guard: it narrows the parsed value itself, so the decoded value is the value that was
 * read (unknown keys kept, nothing copied) and its type is inferred from the check, with no cast. On
 * failure it fills `issue`; `decode` turns that into `<key.path>: expected <what>, got <shown value>`.
 */
export type Check<T> = (input: unknown, issue: Issue) => input is T;

/** Where a check failed (keys outermost first, filled in as the failure travels out), and why. */
export interface Issue {
  readonly path: (string | number)[];
  expected: string;
  got: unknown;
}

/** The type a check proves. */
export type Infer<C> = C extends Check<infer T> ? T : never;

/** A check for a key that may be left out: the key is optional in the object's type. */
export type Optional<T> = Check<T | undefined> & { readonly optional: true };

export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

export function decode<T>(check: Check<T>, input: unknown): Decoded<T> {
  const issue: Issue = { path: [], expected: '', got: undefined };
  if (check(input, issue)) return { ok: true, value: input };
  return { ok: false, message: issueMessage(issue) };
}

/** `<key.path>: expected <what>, got <shown value>`, the form of the config errors too. */
export function issueMessage(issue: Issue): string {
  const where = issue.path.length === 0 ? '(top level)' : issue.path.join('.');
  return `${where}: expected ${issue.expected}, got ${shownValue(issue.got)}`;
}

function fail(issue: Issue, expected: string, got: unknown): false {
  issue.expected = expected;
  issue.got = got;
  return false;
}

/** A check from a plain test; `expected` names what passes ("a string"). */
export function check<T>(expected: string, test: (input: unknown) => input is T): Check<T> {
  return (input, issue): input is T => test(input) || fail(issue, expected, input);
}

export const string = check('a string', (input): input is string => typeof input === 'string');

export const nonEmptyString = check(
  'a non-empty string',
  (input): input is string => typeof input === 'string' && input !== '',
);

export const boolean = check('true or false', (input): input is boolean => typeof input === 'boolean');

export const number = check(
  'a number',
  (input): input is number => typeof input === 'number' && Number.isFinite(input),
);

/** Counts, epochs, iterations, byte sizes. */
export const nonNegativeInt = check(
  'an integer ≥ 0',
  (input): input is number => typeof input === 'number' && Number.isInteger(input) && input >= 0,
);

export const positiveInt = check(
  'a positive integer',
  (input): input is number => typeof input === 'number' && Number.isInteger(input) && input > 0,
);

/** One of a fixed set of strings. */
export function picklist<const T extends string>(values: readonly T[]): Check<T> {
  const known: readonly string[] = values;
  return check(
    `one of ${values.join(', ')}`,
    (input): input is T => typeof input === 'string' && known.includes(input),
  );
}

export function literal<const T extends string | boolean>(value: T): Check<T> {
  return check(JSON.stringify(value), (input): input is T => input === value);
}

export function nullable<T>(inner: Check<T>): Check<T | null> {
  return (input, issue): input is T | null => {
    if (input === null || inner(input, issue)) return true;
    // Failed at this level (not inside a nested object): say null would do too.
    if (issue.path.length === 0) issue.expected += ' or null';
    return false;
  };
}

export function optional<T>(inner: Check<T>): Optional<T> {
  const optionalCheck = (input: unknown, issue: Issue): input is T | undefined =>
    input === undefined || inner(input, issue);
  return Object.assign(optionalCheck, { optional: true as const });
}

export function isJsonObject(input: unknown): input is { [key: string]: unknown } {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/** Any JSON object, its contents unchecked (a config snapshot). */
export const jsonObject = check('an object', isJsonObject);

export function array<T>(item: Check<T>): Check<T[]> {
  return (input, issue): input is T[] => {
    if (!Array.isArray(input)) return fail(issue, 'a list', input);
    for (let index = 0; index < input.length; index++) {
      if (!item(input[index], issue)) {
        issue.path.unshift(index);
        return false;
      }
    }
    return true;
  };
}

/** An object used as a map: any keys, every value checked. */
export function record<T>(value: Check<T>): Check<{ [key: string]: T }> {
  return (input, issue): input is { [key: string]: T } => {
    if (!isJsonObject(input)) return fail(issue, 'an object', input);
    for (const key in input) {
      if (!value(input[key], issue)) {
        issue.path.unshift(key);
        return false;
      }
    }
    return true;
  };
}

type Shape = { readonly [key: string]: Check<unknown> };
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { readonly optional: true } ? K : never;
}[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;

/** The type an object check proves: its keys, the optional ones marked `?`. */
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined>;
};

/**
 * An object with these keys checked. Other keys are allowed and kept in the value; the type names only
 * these (see `looseObject` for files whose writers carry unknown keys along).
 */
export function object<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return (input, issue): input is ObjectOf<S> => {
    if (!isJsonObject(input)) return fail(issue, 'an object', input);
    for (const key of keys) {
      const valueCheck = shape[key];
      if (valueCheck !== undefined && !valueCheck(input[key], issue)) {
        issue.path.unshift(key);
        return false;
      }
    }
    return true;
  };
}

/** Like `object`, and the type says other keys may be there: what every writer must carry along. */
export function looseObject<S extends Shape>(shape: S): Check<ObjectOf<S> & { [key: string]: unknown }> {
  const strict = object(shape);
  return (input, issue): input is ObjectOf<S> & { [key: string]: unknown } => strict(input, issue);
}
