import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AutosweError, EXIT_USAGE, errorCode, errorMessage } from '../../base/errors.js';
import { shownValue } from '../../base/shown.js';
import { isJsonObject } from '../runtime/decode.js';
import { INSTANCE_NAME_RULE, isInstanceName } from '../runtime/instance-name.js';
import { configHome } from '../runtime/registry.js';

/** One remote loop: a host's `autoswe serve`, read through its JSON API (docs/FLEET.md). */
export interface RemoteHost {
  readonly name: string;
  /** The serve's base URL, without a trailing slash. */
  readonly url: string;
  /** Sent as `Authorization: Bearer`; never printed, not even in errors. */
  readonly token: string | null;
}

export interface FleetHosts {
  readonly file: string;
  readonly hosts: readonly RemoteHost[];
}

export function fleetFile(env: NodeJS.ProcessEnv): string {
  return join(configHome(env), 'autoswe', 'fleet.yaml');
}

const KEYS = ['name', 'url', 'token', 'token_file', 'token_env'];
/** serve refuses a shorter token, so a shorter one here is a typo. */
const MIN_TOKEN = 8;
const NOT_SHOWN = 'a value not shown (tokens are never printed)';

/**
 * Reads fleet.yaml: a list of `{name, url, token | token_file | token_env}`. No file: no remote loops.
 * Every problem is one line `<file>: [i].key: expected …, got …`, all of them at once (exit 2).
 */
export async function readFleetHosts(env: NodeJS.ProcessEnv, file = fleetFile(env)): Promise<FleetHosts> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { file, hosts: [] };
    throw new AutosweError(`cannot read ${file}: ${errorMessage(error)}`, EXIT_USAGE);
  }
  const { parse } = await import('yaml');
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new AutosweError(
      `${file}: not valid YAML: ${(errorMessage(error).split('\n')[0] ?? '').replace(/:$/, '')}`,
      EXIT_USAGE,
    );
  }
  return { file, hosts: validateHosts(raw, file, env) };
}

export function validateHosts(raw: unknown, file: string, env: NodeJS.ProcessEnv): RemoteHost[] {
  if (raw === null || raw === undefined) return [];
  const problems: string[] = [];
  const problem = (where: string, what: string, got: string) =>
    problems.push(`${file}: ${where}: expected ${what}, got ${got}`);
  if (!Array.isArray(raw)) {
    problem('(top level)', 'a list of {name, url, token}', shownValue(raw, 'a mapping'));
    throw fleetError(problems);
  }
  const hosts: RemoteHost[] = [];
  const seen = new Set<string>();
  raw.forEach((item: unknown, index) => {
    const at = (key: string) => `[${index}].${key}`;
    if (!isJsonObject(item)) {
      problem(`[${index}]`, 'a mapping {name, url, token}', shownValue(item, 'a mapping'));
      return;
    }
    for (const key of Object.keys(item)) {
      if (!KEYS.includes(key))
        problems.push(`${file}: ${at(key)}: unknown key; the keys are ${KEYS.join(', ')}`);
    }
    const name = item.name;
    if (typeof name !== 'string' || !isInstanceName(name))
      problem(at('name'), `a name (${INSTANCE_NAME_RULE})`, shownValue(name));
    else if (seen.has(name))
      problems.push(`${file}: ${at('name')}: '${name}' is listed twice; each name once`);
    else seen.add(name);
    const url = checkUrl(item.url);
    if (!url.ok) problem(at('url'), url.what, url.got);
    const token = readToken(item, at, file, env, problems);
    if (typeof name === 'string' && url.ok && token !== undefined) hosts.push({ name, url: url.url, token });
  });
  if (problems.length > 0) throw fleetError(problems);
  return hosts;
}

type UrlCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly what: string; readonly got: string };

/** The URL without a trailing slash, or why it is refused. */
function checkUrl(input: unknown): UrlCheck {
  const notUrl = { ok: false, what: 'an http:// or https:// URL', got: shownValue(input) } as const;
  if (typeof input !== 'string') return notUrl;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return notUrl;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return notUrl;
  // Credentials in the URL would be printed with it: tokens go in token, token_file or token_env.
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    return {
      ok: false,
      what: 'a URL without user, password, query or fragment (the token goes in token, token_file or token_env)',
      got: NOT_SHOWN,
    };
  }
  return { ok: true, url: url.href.replace(/\/+$/, '') };
}

/** The token from exactly one of token, token_file, token_env; none at all is a serve on loopback. */
function readToken(
  item: { [key: string]: unknown },
  at: (key: string) => string,
  file: string,
  env: NodeJS.ProcessEnv,
  problems: string[],
): string | null | undefined {
  const given = ['token', 'token_file', 'token_env'].filter((key) => item[key] !== undefined);
  if (given.length > 1) {
    problems.push(
      `${file}: ${at(given.join('/'))}: give one of token, token_file, token_env, not ${given.length}`,
    );
    return undefined;
  }
  const [key] = given;
  if (key === undefined) return null;
  const value = item[key];
  const short = (token: string) => {
    if (token.length >= MIN_TOKEN) return token;
    problems.push(
      `${file}: ${at(key)}: expected a token of at least ${MIN_TOKEN} characters (as serve requires), got a shorter one (not shown)`,
    );
    return undefined;
  };
  if (key === 'token') {
    if (typeof value === 'string') return short(value);
    problems.push(`${file}: ${at(key)}: expected a string, got ${NOT_SHOWN}`);
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    problems.push(
      `${file}: ${at(key)}: expected ${key === 'token_file' ? 'a path' : 'an environment variable name'}, got ${shownValue(value)}`,
    );
    return undefined;
  }
  if (key === 'token_env') {
    const token = env[value];
    if (token === undefined || token === '') {
      problems.push(`${file}: ${at(key)}: the environment variable ${value} is not set`);
      return undefined;
    }
    return short(token);
  }
  const path = resolve(dirname(file), value);
  try {
    return short(readFileSync(path, 'utf8').trim());
  } catch (error) {
    problems.push(`${file}: ${at(key)}: cannot read ${path}: ${errorCode(error) ?? errorMessage(error)}`);
    return undefined;
  }
}

function fleetError(problems: readonly string[]): AutosweError {
  // One line per problem, each with the prefix the CLI gives the first.
  return new AutosweError(problems.join('\nautoswe: '), EXIT_USAGE);
}
