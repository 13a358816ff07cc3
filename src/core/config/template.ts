/** What `autoswe init` writes as autoswe.yaml: every key present or shown commented, each explained. */
export const CONFIG_TEMPLATE = `# autoswe.yaml: the loop's configuration. Every key is documented in docs/CONFIG.md.
# Durations accept a number of seconds or 500ms, 30s, 15m, 2h. Unknown keys are refused (typos show up).

# The workspace's name: its systemd units are autoswe@<name>.service and its timers, and 'autoswe fleet'
# lists it so. Letters, digits, '.', '_', '-' (default: this folder's name, when it fits).
# name: my-port

# The git checkout the agent rewrites (relative to this file). It must be a clean git repository.
target: ./target

# How to run the legacy program and the new one on one case. {case} is the case file's absolute path,
# {module} the module's name, {cell} the case id (file name without extension), {workdir} the target.
# stdout is the output compared with the baseline.
legacy:
  command: ["./legacy/run", "{case}"]
  # cwd: .                 # working directory (default: this folder)
  # timeout: 60s           # per case (default: limits.case_timeout)
  # env: {}                # extra environment variables
new:
  command: ["./target/run", "{case}"]

# The modules to port, each with its case files (globs relative to this file). One case, one parity cell.
modules:
  example:
    cases: ["cases/example/*"]

# The agent: adapter claude-code (headless Claude Code) or command (any program).
agent:
  adapter: claude-code
  # command: ["claude"]    # claude-code: the executable. For adapter: command, the program, with
  #                        # {prompt}, {module} and {workdir} replaced, e.g. ["./my-agent", "{prompt}"]
  # options:
  #   model: null          # passed as --model when set
  #   max_turns: 40        # passed as --max-turns
  #   max_budget_usd: 5    # passed as --max-budget-usd
  #   permission_mode: bypassPermissions
  #   extra_args: []       # appended to the agent's command line
  # env: {}                # extra environment for the agent (e.g. ANTHROPIC_BASE_URL)

# An optional judge command that may override the built-in verdict (prints JSON {verdict, reason}).
# judge:
#   command: null

# Files the agent must never change (globs relative to this file), beyond the baseline,
# rules.yaml and autoswe.yaml, which are always protected.
protected: []

# Where the legacy and new programs run on cases: none, or bwrap (read-only system, writable target,
# no network). 'autoswe sandbox -- CMD' runs a command the same way.
sandbox: none

# Container images the sandbox uses, listed by 'autoswe images'.
# images: []

# Limits of a run.
limits:
  max_iters: 50          # iterations before the run stops
  agent_timeout: 30m     # one agent session at most this long
  # verify_parallel: 4   # cases run at once by verify-cells
  # case_timeout: 60s    # one case run (legacy or new) at most this long

# The watchdog timer turns a RUNNING loop with an older heartbeat than this into WEDGE_PAUSED.
# watchdog:
#   stale_after: 15m

# The meta-judge timer proposes rules from recent verdicts; a command may produce proposals instead.
# meta_judge:
#   command: null
#   window: 50           # recent verdicts considered
#   revert_threshold: 3  # REVERTs in the window that prompt a proposal

# The Anthropic-compatible model proxy; status and lease-ready probe <base>/health.
# AUTOSWE_PROXY_BASE overrides it.
# proxy:
#   base: http://127.0.0.1:8011
`;

export const RULES_TEMPLATE = `# rules.yaml: the rules the agent is held to, one {id, text} each.
# Written by 'autoswe rules-review apply'; you may add rules by hand too.
[]
`;
