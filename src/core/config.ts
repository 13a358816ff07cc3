import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AutosweError, EXIT_USAGE, errorMessage } from './errors.js';
import type { Workspace } from './workspace.js';

/** How to run one program (legacy or new) on one case. */
export interface CommandSpecConfig {
  command: string[];
  /** Absolute; default the workspace root. */
  cwd: string;
  timeout_ms: number;
  env: Record<string, string>;
}

export type AgentAdapter = 'claude-code' | 'command';
export type SandboxKind = 'none' | 'bwrap';

export interface AgentOptions {
  model: string | null;
  max_turns: number | null;
  max_budget_usd: number | null;
  permission_mode: string | null;
  extra_args: string[];
}

/** autoswe.yaml, validated, with defaults filled and paths made absolute (docs/CONFIG.md). */
export interface LoopConfig {
  /** Absolute path of the autoswe.yaml read. */
  file: string;
  /** Workspace root (absolute). */
  root: string;
  /** Absolute path of the git checkout the agent works in. */
  target: string;
  /** Placeholders inside command arrays: {case} (absolute case file), {module}, {cell}, {workdir} (target). */
  legacy: CommandSpecConfig;
  new: CommandSpecConfig;
  /** Case globs are relative to the root. */
  modules: Record<string, { cases: string[] }>;
  agent: {
    adapter: AgentAdapter;
    /** adapter `command`: the program ({prompt} {module} {workdir}); claude-code: the executable (default ['claude']). */
    command: string[] | null;
    options: AgentOptions;
    env: Record<string, string>;
  };
  /** Prints {"verdict":"ACCEPT|REVISE|REVERT","reason":"..."}; may override the built-in verdict. */
  judge: { command: string[] | null };
  /** Globs relative to the root, beyond the baseline, rules.yaml and autoswe.yaml. */
  protected: string[];
  sandbox: SandboxKind;
  images: string[];
  limits: { max_iters: number; agent_timeout_ms: number; verify_parallel: number; case_timeout_ms: number };
  watchdog: { stale_after_ms: number };
  meta_judge: { command: string[] | null; window: number; revert_threshold: number };
  /** AUTOSWE_PROXY_BASE overrides it at use. */
  proxy: { base: string };
}

/**
 * Reads and validates autoswe.yaml (the workspace's, or `file`). Bad YAML or a bad value → exit 2 with
 * `<file>: <key.path>: expected <type>, got <value>`. yaml and valibot load only here, never on `status`.
 */
export async function loadConfig(workspace: Workspace, file?: string): Promise<LoopConfig> {
  const path = resolve(file ?? workspace.paths.config);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : errorMessage(error);
    throw new AutosweError(`cannot read config ${path}: ${why}`, EXIT_USAGE);
  }
  return parseConfig(text, path, workspace.root);
}

/** Validates config text; relative paths resolve against the config file's folder. */
export async function parseConfig(text: string, file: string, root: string): Promise<LoopConfig> {
  const [{ parse }, { validateConfig }] = await Promise.all([import('yaml'), import('./config-schema.js')]);
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true });
  } catch (error) {
    const firstLine = (errorMessage(error).split('\n')[0] ?? '').replace(/:$/, '');
    throw new AutosweError(`${file}: not valid YAML: ${firstLine}`, EXIT_USAGE);
  }
  return validateConfig(raw, file, root, dirname(file));
}

export interface PlaceholderValues {
  readonly case?: string;
  readonly module?: string;
  readonly cell?: string;
  readonly workdir?: string;
  readonly prompt?: string;
}

/** Replaces {case}, {module}, {cell}, {workdir}, {prompt} in each argument; unknown braces stay as written. */
export function fillPlaceholders(argv: readonly string[], values: PlaceholderValues): string[] {
  return argv.map((arg) =>
    arg.replace(/\{(case|module|cell|workdir|prompt)\}/g, (whole, key: keyof PlaceholderValues) => {
      const value = values[key];
      return value === undefined ? whole : value;
    }),
  );
}

/** Parses a duration: a number of seconds, or `500ms`, `30s`, `15m`, `2h`, `1d`; undefined when malformed. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!match) return undefined;
  const unit = match[2] ?? 's';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 1000;
  return Math.round(Number(match[1]) * factor);
}
