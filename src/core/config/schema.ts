// Long because the whole of autoswe.yaml is one schema: every section and its conversion to LoopConfig in one place.
import { isAbsolute, resolve } from 'node:path';
import * as v from 'valibot';
import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import { shownValue } from '../../base/shown.js';
import { EVENT_TYPES } from '../runtime/events.js';
import { INSTANCE_NAME_RULE, isInstanceName } from '../runtime/instance-name.js';
import { parseDuration } from './duration.js';
import { DEFAULT_PROXY_BASE } from './proxy-base.js';
import {
  type BuildConfig,
  type CheckConfig,
  DEFAULT_NOTIFY_EVENTS,
  type LoopConfig,
  type NotifyConfig,
} from './types.js';

// The runtime files' decoders (core/runtime/decode.ts) word their errors the same way.
const expected = (what: string) => (issue: { input: unknown }) =>
  `expected ${what}, got ${shownValue(issue.input, 'a mapping')}`;

const text = (what = 'a string') => v.string(expected(what));
const nonEmptyText = (what = 'a non-empty string') =>
  v.pipe(v.string(expected(what)), v.minLength(1, expected(what)));
const argv = () => {
  const what = 'a non-empty list of strings (program and arguments)';
  return v.pipe(v.array(nonEmptyText(what), expected(what)), v.minLength(1, expected(what)));
};
const stringList = () => v.array(text('a string'), expected('a list of strings'));
const positiveInt = () => {
  const what = 'a positive integer';
  return v.pipe(v.number(expected(what)), v.integer(expected(what)), v.minValue(1, expected(what)));
};
const nonNegativeInt = () => {
  const what = 'an integer ≥ 0';
  return v.pipe(v.number(expected(what)), v.integer(expected(what)), v.minValue(0, expected(what)));
};
const positiveNumber = () => {
  const what = 'a positive number';
  return v.pipe(v.number(expected(what)), v.gtValue(0, expected(what)));
};
const duration = () => {
  const what = 'a duration (seconds, or like 500ms, 30s, 15m, 2h)';
  return v.pipe(
    v.union([v.number(), v.string()], expected(what)),
    v.check((value) => parseDuration(value) !== undefined, expected(what)),
    v.transform((value) => parseDuration(value) ?? 0),
  );
};
const envMap = () =>
  v.optional(
    v.record(v.string(), v.string(expected('a string')), expected('a mapping of names to strings')),
    {},
  );
const UNKNOWN_KEY = 'unknown key; docs/CONFIG.md lists the keys allowed here';
/** A mapping with known keys only: a typo is an error, not a silently ignored key. */
const section = <T extends v.ObjectEntries>(entries: T) =>
  v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return UNKNOWN_KEY;
    if (issue.input === undefined && issue.expected?.startsWith('"')) return 'required key is missing';
    return expected('a mapping')(issue);
  });

const programSchema = section({
  command: argv(),
  cwd: v.optional(nonEmptyText('a path')),
  timeout: v.optional(duration()),
  env: envMap(),
});

const NAME = /^[A-Za-z0-9._-]+$/;
const commandList = () => {
  const what = 'a non-empty list of commands (each a list of strings)';
  return v.pipe(v.array(argv(), expected(what)), v.minLength(1, expected(what)));
};

const isMapping = (input: unknown) => input !== null && typeof input === 'object' && !Array.isArray(input);
/** Neither form: one message naming both. */
const neither = (what: string) => v.custom<never>(() => false, expected(what));

/** `build:` is a list of commands, or a mapping with the commands and how to run them. */
const BUILD_FORMS = 'a list of commands, or a mapping {commands, cwd, timeout, env}';
const buildSchema = v.lazy((input) => {
  if (Array.isArray(input)) return commandList();
  if (!isMapping(input)) return neither(BUILD_FORMS);
  return section({
    commands: commandList(),
    cwd: v.optional(nonEmptyText('a path')),
    timeout: v.optional(duration(), '10m'),
    env: envMap(),
  });
});

/** One of `checks:`: a command, or a mapping with the command, on_fail and how to run it. */
const CHECK_FORMS = 'a command (a list of strings), or a mapping {command, on_fail, cwd, timeout, env}';
const checkSchema = v.lazy((input) => {
  if (Array.isArray(input)) return argv();
  if (!isMapping(input)) return neither(CHECK_FORMS);
  return section({
    command: argv(),
    on_fail: v.optional(v.picklist(['revert', 'note'], expected('revert or note')), 'revert'),
    cwd: v.optional(nonEmptyText('a path')),
    timeout: v.optional(duration(), '10m'),
    env: envMap(),
  });
});

const CHECKS_FORM = 'a mapping of check names to commands';
const checksSchema = v.lazy((input) =>
  isMapping(input)
    ? v.record(
        v.pipe(v.string(), v.regex(NAME, expected('a check name of letters, digits, . _ -'))),
        checkSchema,
      )
    : neither(CHECKS_FORM),
);

const agentSchema = section({
  adapter: v.optional(
    v.picklist(['claude-code', 'command'], expected('claude-code or command')),
    'claude-code',
  ),
  command: v.optional(v.nullable(argv())),
  options: v.optional(
    section({
      model: v.optional(v.nullable(nonEmptyText()), null),
      max_turns: v.optional(v.nullable(positiveInt()), null),
      max_budget_usd: v.optional(v.nullable(positiveNumber()), null),
      permission_mode: v.optional(v.nullable(nonEmptyText()), null),
      extra_args: v.optional(stringList(), []),
    }),
    {},
  ),
  env: envMap(),
  sandbox: v.optional(v.picklist(['none', 'bwrap'], expected('none or bwrap')), 'none'),
  outcome_command: v.optional(v.nullable(argv()), null),
});

/** `modules.<m>.holdout`: a fraction of the cells (0 < f < 1), or a glob (or globs) of case files. */
const holdoutSchema = () => {
  const what = 'a fraction between 0 and 1 (exclusive), or a glob or list of globs of case files';
  const message = expected(what);
  return v.union(
    [
      v.pipe(v.number(message), v.gtValue(0, message), v.ltValue(1, message)),
      v.pipe(v.string(message), v.minLength(1, message)),
      v.pipe(v.array(v.pipe(v.string(message), v.minLength(1, message)), message), v.minLength(1, message)),
    ],
    message,
  );
};

const workspaceName = () => {
  const what = `a workspace name (${INSTANCE_NAME_RULE})`;
  return v.pipe(v.string(expected(what)), v.check(isInstanceName, expected(what)));
};

/** `notify:` (docs/CONFIG.md "Notifications"): where operator events go, and which. */
const EVENT_NAMES = `an event type (${EVENT_TYPES.join(', ')}) or "*"`;
const notifySchema = section({
  command: v.optional(v.nullable(argv()), null),
  webhook: v.optional(
    v.nullable(
      v.pipe(
        v.string(expected('an http(s) URL')),
        v.url(expected('an http(s) URL')),
        v.check((url) => /^https?:\/\//i.test(url), expected('an http(s) URL')),
      ),
    ),
    null,
  ),
  events: v.optional(
    v.array(v.picklist([...EVENT_TYPES, '*'], expected(EVENT_NAMES)), expected('a list of event types')),
    [...DEFAULT_NOTIFY_EVENTS],
  ),
  timeout: v.optional(duration(), '10s'),
  retries: v.optional(
    v.pipe(
      v.number(expected('an integer from 0 to 10')),
      v.integer(expected('an integer from 0 to 10')),
      v.minValue(0, expected('an integer from 0 to 10')),
      v.maxValue(10, expected('an integer from 0 to 10')),
    ),
    3,
  ),
});

const configSchema = section({
  name: v.optional(workspaceName()),
  target: nonEmptyText('a path (the git checkout the agent works in)'),
  legacy: programSchema,
  new: programSchema,
  modules: v.pipe(
    v.record(
      v.pipe(v.string(), v.regex(NAME, expected('a module name of letters, digits, . _ -'))),
      section({
        cases: v.pipe(stringList(), v.minLength(1, expected('a non-empty list of globs'))),
        holdout: v.optional(holdoutSchema()),
      }),
      expected('a mapping of module names'),
    ),
    v.check((modules) => Object.keys(modules).length > 0, expected('at least one module')),
  ),
  agent: v.optional(agentSchema, {}),
  build: v.optional(v.nullable(buildSchema), null),
  checks: v.optional(v.nullable(checksSchema), null),
  judge: v.optional(section({ command: v.optional(v.nullable(argv()), null) }), {}),
  protected: v.optional(v.nullable(stringList()), []),
  sandbox: v.optional(v.picklist(['none', 'bwrap'], expected('none or bwrap')), 'none'),
  images: v.optional(v.nullable(stringList()), []),
  limits: v.optional(
    section({
      max_iters: v.optional(positiveInt(), 50),
      agent_timeout: v.optional(duration(), '30m'),
      verify_parallel: v.optional(positiveInt(), 4),
      case_timeout: v.optional(duration(), '60s'),
      agent_idle_timeout: v.optional(duration(), '10m'),
      agent_result_grace: v.optional(duration(), '30s'),
      agent_retries: v.optional(nonNegativeInt(), 5),
      // Budget (docs/LOOP.md "Budget"): checked before each agent session; null: no limit.
      max_cost_usd: v.optional(v.nullable(positiveNumber()), null),
      max_cost_usd_per_day: v.optional(v.nullable(positiveNumber()), null),
      max_tokens_per_day: v.optional(v.nullable(positiveInt()), null),
    }),
    {},
  ),
  // The circuit breaker (docs/LOOP.md "Breaker"): null turns a guard off.
  breaker: v.optional(
    section({
      no_progress: v.optional(v.nullable(positiveInt()), 5),
      module_attempts: v.optional(v.nullable(positiveInt()), 4),
    }),
    {},
  ),
  watchdog: v.optional(section({ stale_after: v.optional(duration(), '15m') }), {}),
  meta_judge: v.optional(
    section({
      command: v.optional(v.nullable(argv()), null),
      window: v.optional(positiveInt(), 50),
      revert_threshold: v.optional(positiveInt(), 3),
    }),
    {},
  ),
  proxy: v.optional(
    section({
      base: v.optional(v.pipe(v.string(expected('a URL')), v.url(expected('a URL'))), DEFAULT_PROXY_BASE),
    }),
    {},
  ),
  notify: v.optional(v.nullable(notifySchema), null),
});

type RawConfig = v.InferOutput<typeof configSchema>;

/** Validates parsed YAML into a LoopConfig; the first problem becomes `<file>: <key.path>: <message>` (exit 2). */
export function validateConfig(raw: unknown, file: string, root: string, base: string): LoopConfig {
  const input = raw === null || raw === undefined ? {} : raw;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new AutosweError(
      `${file}: (top level): expected a mapping of keys, got ${JSON.stringify(raw)}`,
      EXIT_USAGE,
    );
  }
  const result = v.safeParse(configSchema, input, { abortEarly: false });
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue) ?? '';
    throw new AutosweError(`${file}: ${path === '' ? '(top level)' : path}: ${issue.message}`, EXIT_USAGE);
  }
  return toLoopConfig(result.output, file, root, base);
}

function toLoopConfig(raw: RawConfig, file: string, root: string, base: string): LoopConfig {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  const caseTimeout = raw.limits.case_timeout;
  const program = (spec: RawConfig['legacy']) => ({
    command: spec.command,
    cwd: spec.cwd === undefined ? root : at(spec.cwd),
    timeout_ms: spec.timeout ?? caseTimeout,
    env: spec.env,
  });
  const adapter = raw.agent.adapter;
  const agentCommand = raw.agent.command ?? (adapter === 'claude-code' ? ['claude'] : null);
  if (adapter === 'command' && agentCommand === null) {
    throw new AutosweError(
      `${file}: agent.command: expected a non-empty list of strings (required when agent.adapter is command), got nothing`,
      EXIT_USAGE,
    );
  }
  const target = at(raw.target);
  const build = toBuild(raw.build, target, at);
  return {
    file,
    root,
    name: raw.name ?? null,
    target,
    legacy: program(raw.legacy),
    new: program(raw.new),
    modules: toModules(raw.modules),
    agent: {
      adapter,
      command: agentCommand,
      options: raw.agent.options,
      env: raw.agent.env,
      sandbox: raw.agent.sandbox,
      outcome_command: raw.agent.outcome_command,
    },
    build,
    checks: toChecks(raw.checks, build, target, at),
    judge: { command: raw.judge.command },
    protected: raw.protected ?? [],
    sandbox: raw.sandbox,
    images: raw.images ?? [],
    limits: {
      max_iters: raw.limits.max_iters,
      agent_timeout_ms: raw.limits.agent_timeout,
      verify_parallel: raw.limits.verify_parallel,
      case_timeout_ms: caseTimeout,
      max_cost_usd: raw.limits.max_cost_usd,
      max_cost_usd_per_day: raw.limits.max_cost_usd_per_day,
      max_tokens_per_day: raw.limits.max_tokens_per_day,
      agent_idle_timeout_ms: raw.limits.agent_idle_timeout,
      agent_result_grace_ms: raw.limits.agent_result_grace,
      agent_retries: raw.limits.agent_retries,
    },
    breaker: raw.breaker,
    watchdog: { stale_after_ms: raw.watchdog.stale_after },
    meta_judge: raw.meta_judge,
    proxy: raw.proxy,
    notify: toNotify(raw.notify, file),
  };
}

function toNotify(raw: RawConfig['notify'], file: string): NotifyConfig | null {
  if (raw === null) return null;
  if (raw.command === null && raw.webhook === null) {
    throw new AutosweError(
      `${file}: notify: expected a command or a webhook (or both), got neither; remove notify: to send nothing`,
      EXIT_USAGE,
    );
  }
  return {
    command: raw.command,
    webhook: raw.webhook,
    events: raw.events,
    timeout_ms: raw.timeout,
    retries: raw.retries,
  };
}

function toModules(raw: RawConfig['modules']): LoopConfig['modules'] {
  const modules: LoopConfig['modules'] = {};
  for (const [name, spec] of Object.entries(raw)) {
    const holdout = spec.holdout;
    modules[name] = {
      cases: spec.cases,
      holdout:
        holdout === undefined
          ? null
          : typeof holdout === 'number'
            ? { fraction: holdout }
            : { globs: typeof holdout === 'string' ? [holdout] : holdout },
    };
  }
  return modules;
}

const DEFAULT_STEP_TIMEOUT_MS = 10 * 60_000;

function toBuild(raw: RawConfig['build'], target: string, at: (path: string) => string): BuildConfig | null {
  if (raw === null) return null;
  if (Array.isArray(raw)) return { commands: raw, cwd: target, timeout_ms: DEFAULT_STEP_TIMEOUT_MS, env: {} };
  return {
    commands: raw.commands,
    cwd: raw.cwd === undefined ? target : at(raw.cwd),
    timeout_ms: raw.timeout,
    env: raw.env,
  };
}

function toChecks(
  raw: RawConfig['checks'],
  build: BuildConfig | null,
  target: string,
  at: (path: string) => string,
): CheckConfig[] {
  const buildEnv = build?.env ?? {};
  return Object.entries(raw ?? {}).map(([name, spec]) =>
    Array.isArray(spec)
      ? {
          name,
          command: spec,
          on_fail: 'revert',
          cwd: target,
          timeout_ms: DEFAULT_STEP_TIMEOUT_MS,
          env: { ...buildEnv },
        }
      : {
          name,
          command: spec.command,
          on_fail: spec.on_fail,
          cwd: spec.cwd === undefined ? target : at(spec.cwd),
          timeout_ms: spec.timeout,
          env: { ...buildEnv, ...spec.env },
        },
  );
}
