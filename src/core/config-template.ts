/** What `autoswe init` writes as autoswe.yaml: every key present or shown commented, each explained. */
export const CONFIG_TEMPLATE = `# autoswe.yaml: the loop's configuration. Every key is documented in docs/CONFIG.md.

# The git checkout the agent rewrites (relative to this file). It must be a clean git repository.
target: ./target

# How to run the legacy program and the new one on one case. {case} is the case file's path,
# {module} the module's name, {workdir} the target checkout. stdout is the output compared.
legacy:
  command: ["./legacy/run", "{case}"]
new:
  command: ["./target/run", "{case}"]

# The modules to port, each with its case files (globs relative to this file). One case, one parity cell.
modules:
  example:
    cases: ["cases/example/*"]

# The agent: adapter claude-code (headless Claude Code) or command (any program).
agent:
  adapter: claude-code
  # options:
  #   model: null            # passed as --model when set
  #   max_turns: 40          # passed as --max-turns
  #   permission_mode: bypassPermissions
  # For adapter: command, give the program; {prompt}, {module} and {workdir} are replaced:
  # command: ["./my-agent", "--module", "{module}", "--prompt", "{prompt}"]

# An optional judge command that may override the built-in verdict (prints JSON {verdict, reason}).
# judge:
#   command: null

# Files the agent must never change (globs relative to this file), beyond the baseline,
# rules.yaml and autoswe.yaml, which are always protected.
protected: []

# Where agent tools and checks run: none, or bwrap (read-only system, writable target, no network).
sandbox: none

# Limits of a run.
limits:
  max_iters: 50          # iterations before the run stops
  agent_timeout: 30m     # one agent session at most this long
  # verify_parallel: 4   # cases run at once by verify-cells

# The watchdog timer turns a RUNNING loop with an older heartbeat than this into WEDGE_PAUSED.
# watchdog:
#   stale_after: 15m

# The meta-judge timer proposes rules from recent verdicts; a command may produce proposals instead.
# meta_judge:
#   command: null

# The Anthropic-compatible model proxy; status and lease-ready probe <base>/health.
# AUTOSWE_PROXY_BASE overrides it.
# proxy:
#   base: http://127.0.0.1:8011
`;

export const RULES_TEMPLATE = `# rules.yaml: the rules the agent is held to, one {id, text} each.
# Written by 'autoswe rules-review apply'; you may add rules by hand too.
[]
`;
