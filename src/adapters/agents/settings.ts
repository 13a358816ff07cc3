/** The agent settings of autoswe.yaml (docs/CONFIG.md), as the agent adapters take them; core's config reuses them. */

export type AgentAdapter = 'claude-code' | 'command';

export interface AgentOptions {
  model: string | null;
  max_turns: number | null;
  max_budget_usd: number | null;
  permission_mode: string | null;
  extra_args: string[];
}

export interface AgentSettings {
  adapter: AgentAdapter;
  /** adapter `command`: the program ({prompt} {module} {workdir}); claude-code: the executable (default ['claude']). */
  command: string[] | null;
  options: AgentOptions;
  env: Record<string, string>;
  /** `agent.sandbox`: bwrap runs the agent in the mount table of core/guard/agent-view.ts; none as it is. */
  sandbox: 'none' | 'bwrap';
  /** adapter `command`: prints the session's outcome as JSON after it ends (docs/CONFIG.md); null: none. */
  outcome_command: string[] | null;
}

/** What the agent adapters read of the loop's config; the whole config (LoopConfig) is one. */
export interface AgentConfig {
  /** Absolute path of the autoswe.yaml read, for error messages. */
  readonly file: string;
  /** The workspace root: a relative agent.command is taken from here (program.ts). */
  readonly root: string;
  readonly agent: AgentSettings;
  /** AUTOSWE_PROXY_BASE in the session's environment overrides it. */
  readonly proxy: { readonly base: string };
}
