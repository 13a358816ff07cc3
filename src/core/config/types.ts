import type { AgentSettings } from '../../adapters/agents/settings.js';
import type { SandboxKind } from '../../adapters/sandbox.js';

/** How to run one program (legacy or new) on one case. */
export interface CommandSpecConfig {
  command: string[];
  /** Absolute; default the workspace root. */
  cwd: string;
  timeout_ms: number;
  env: Record<string, string>;
}

/** `build:` (docs/CONFIG.md): commands run in order after the agent, before the cases; null when not configured. */
export interface BuildConfig {
  commands: string[][];
  /** Absolute; default the target. */
  cwd: string;
  /** For all the commands together. */
  timeout_ms: number;
  env: Record<string, string>;
}

export type CheckOnFail = 'revert' | 'note';

/** One of `checks:`: a named command run after a successful build. */
export interface CheckConfig {
  name: string;
  command: string[];
  on_fail: CheckOnFail;
  /** Absolute; default the target. */
  cwd: string;
  timeout_ms: number;
  /** `build.env`, then the check's own env on top. */
  env: Record<string, string>;
}

/** `modules.<m>.holdout`: cells verified and counted but never shown to the agent (core/parity/holdout.ts). */
export type HoldoutConfig = { readonly fraction: number } | { readonly globs: readonly string[] };

export interface ModuleConfig {
  /** Globs relative to the root. */
  cases: string[];
  holdout: HoldoutConfig | null;
}

/** autoswe.yaml, validated, with defaults filled and paths made absolute (docs/CONFIG.md). */
export interface LoopConfig {
  /** Absolute path of the autoswe.yaml read. */
  file: string;
  /** Workspace root (absolute). */
  root: string;
  /** `name:`: the workspace's systemd instance and registry entry; null: the folder's name (core/service). */
  name: string | null;
  /** Absolute path of the git checkout the agent works in. */
  target: string;
  /** Placeholders inside command arrays: {case} (absolute case file), {module}, {cell}, {workdir} (target). */
  legacy: CommandSpecConfig;
  new: CommandSpecConfig;
  /** Case globs are relative to the root. */
  modules: Record<string, ModuleConfig>;
  /** The agent adapter defines what it takes. */
  agent: AgentSettings;
  build: BuildConfig | null;
  /** In the order the config lists them. */
  checks: CheckConfig[];
  /** Prints {"verdict":"ACCEPT|REVISE|REVERT","reason":"..."}; may override the built-in verdict. */
  judge: { command: string[] | null };
  /** Globs relative to the root, beyond the baseline, rules.yaml and autoswe.yaml. */
  protected: string[];
  /** The sandbox adapter defines the kinds. */
  sandbox: SandboxKind;
  images: string[];
  limits: {
    max_iters: number;
    agent_timeout_ms: number;
    verify_parallel: number;
    case_timeout_ms: number;
    /** No new transcript line for this long: the session is killed (outcome `idle`). */
    agent_idle_timeout_ms: number;
    /** Alive this long after its `result` event: the session is killed (outcome `hung_after_result`). */
    agent_result_grace_ms: number;
    /** API-error retries of one iteration before the loop pauses. */
    agent_retries: number;
    /** Budget (docs/LOOP.md "Budget"): null is no limit. */
    max_cost_usd: number | null;
    max_cost_usd_per_day: number | null;
    max_tokens_per_day: number | null;
  };
  /** The circuit breaker (docs/LOOP.md "Breaker"): null turns a guard off. */
  breaker: { no_progress: number | null; module_attempts: number | null };
  watchdog: { stale_after_ms: number };
  meta_judge: { command: string[] | null; window: number; revert_threshold: number };
  /** AUTOSWE_PROXY_BASE overrides it at use. */
  proxy: { base: string };
  /** `notify:`; null when the config has none (nothing is sent). */
  notify: NotifyConfig | null;
}

/** The event types sent when `notify.events` is not given: what needs the operator, and a run's ends. */
export const DEFAULT_NOTIFY_EVENTS = [
  'run.started',
  'run.ended',
  'paused',
  'wedge',
  'wait.started',
  'module.set-aside',
  'rule.proposed',
  'service.failed',
] as const;

/** `notify:` (docs/CONFIG.md "Notifications"): receivers of operator events, at least one of the two. */
export interface NotifyConfig {
  /** Run with the event JSON on stdin. */
  command: string[] | null;
  /** POSTed the event JSON with a `text` field. */
  webhook: string | null;
  /** Event types to send; `*` sends every type. */
  events: string[];
  /** Per attempt, for the command and the webhook alike. */
  timeout_ms: number;
  /** Further attempts after a failed one, with a back-off. */
  retries: number;
}
