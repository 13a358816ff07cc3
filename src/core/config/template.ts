/** The two starting points `autoswe init` knows: a rewrite in any language, or one in Go (go.mod found, or --lang go). */
export type TemplateLanguage = 'node' | 'go';

/** What the Go template fills in, found by `autoswe init` in the Go module (core/setup/init.ts). */
export interface GoTemplateFacts {
  /** The target as autoswe.yaml names it: `.` when the folder is the Go module, else `./target`. */
  readonly target: string;
  /** The binary the build makes, under bin/ in the target. */
  readonly binary: string;
  /** The main package, relative to the module: `./cmd/ledger`, or `.`. */
  readonly mainPackage: string;
  /** Glob of the module's own *_test.go files (the legacy tests), relative to the workspace; null when none. */
  readonly testsGlob: string | null;
}

const HEADER = `# autoswe.yaml: the loop's configuration. Every key is documented in docs/CONFIG.md.
# Durations accept a number of seconds or 500ms, 30s, 15m, 2h. Unknown keys are refused (typos show up).
`;

const TARGET = `
# The workspace's name: its systemd units are autoswe@<name>.service and its timers, and 'autoswe fleet'
# lists it so. Letters, digits, '.', '_', '-' (default: this folder's name, when it fits).
# name: my-port

# The git checkout the agent rewrites (relative to this file). It must be a clean git repository.
target: ./target

`;

const LEGACY = `# How to run the legacy program and the new one on one case. {case} is the case file's absolute path,
# {module} the module's name, {cell} the case id (file name without extension), {workdir} the target.
# stdout is the output compared with the baseline.
legacy:
  command: ["./legacy/run", "{case}"]
  # cwd: .                 # working directory (default: this folder)
  # timeout: 60s           # per case (default: limits.case_timeout)
  # env: {}                # extra environment variables
`;

const NODE_PROGRAMS = `${LEGACY}new:
  command: ["./target/run", "{case}"]

# Optionally, commands that build the new program after each agent session, before the cases run (a build
# that fails is a REVERT, its errors go into the next prompt), and checks run after a successful build.
# build: [["npm", "run", "build"]]
# checks:
#   test: ["npm", "test"]

`;

const MODULES_AND_AGENT = `# The modules to port, each with its case files (globs relative to this file). One case, one parity cell.
modules:
  example:
    cases: ["cases/example/*"]
    # holdout: 0.2         # a share (or a glob) of the cases: verified and counted, never shown to the agent

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
  # Where the agent runs: bwrap (the target writable, the workspace read-only, the runtime dir, the
  # baseline and the hold-out cases out of its reach; docs/SECURITY.md) or none (a container that is
  # itself the sandbox). 'autoswe init' writes bwrap when bubblewrap is installed.
  sandbox: none
  # outcome_command: null  # adapter command only: prints the session's outcome as JSON (docs/CONFIG.md)

# An optional judge command that may override the built-in verdict (prints JSON {verdict, reason}).
# judge:
#   command: null

`;

const PROTECTED = `# Files the agent must never change (globs relative to this file), beyond the baseline,
# rules.yaml and autoswe.yaml, which are always protected.
protected: []
`;

const LIMITS_AND_REST = `
# Where the legacy and new programs run on cases: none, or bwrap (read-only system, writable target,
# no network). 'autoswe sandbox -- CMD' runs a command the same way.
sandbox: none

# Container images the sandbox uses, listed by 'autoswe images'.
# images: []

# Limits of a run.
limits:
  max_iters: 50          # iterations before the run stops
  agent_timeout: 30m     # one agent session at most this long
  # agent_idle_timeout: 10m  # a session that prints nothing this long is killed and retried
  # agent_result_grace: 30s  # a session still running this long after its result is killed
  # agent_retries: 5     # retries of an iteration whose session hit a model API error, then pause
  # verify_parallel: 4   # cases run at once by verify-cells
  # case_timeout: 60s    # one case run (legacy or new) at most this long
  # Budget, checked before each agent session; reaching one soft-pauses the loop (null: no limit).
  # max_cost_usd: null          # USD per run, from the sessions' result events
  # max_cost_usd_per_day: null  # USD per UTC day, all runs together
  # max_tokens_per_day: null    # tokens (input, output, cache read and write) per UTC day

# The circuit breaker (null turns a guard off).
# breaker:
#   no_progress: 5       # judged iterations in a row without a RED→GREEN flip: soft pause
#   module_attempts: 4   # the same for one module: it is set aside for the epoch ('autoswe unskip M')

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

# Where operator events go (autoswe history lists them all): a command given the event JSON on stdin
# and/or a webhook POSTed it with a "text" line (Slack, Mattermost, ntfy show it). Each event is sent
# once, in the background; a failing receiver is retried, logged in .autoswe/notify.log, never waited on.
# autoswe notify --test tries it. events: the types to send (this list is the default; ["*"]: all).
# notify:
#   webhook: https://hooks.slack.com/services/T000/B000/XXXX
#   command: [sh, -c, 'cat >> notifications.jsonl']
#   events: [run.started, run.ended, paused, wedge, wait.started, module.set-aside, rule.proposed, service.failed]
#   timeout: 10s
#   retries: 3
`;

/** What `autoswe init` writes as autoswe.yaml: every key present or shown commented, each explained. */
export const CONFIG_TEMPLATE = `${HEADER}${TARGET}${NODE_PROGRAMS}${MODULES_AND_AGENT}${PROTECTED}${LIMITS_AND_REST}`;

/** The Go starting point: build and checks with the go tool, the cases on the built binary (docs/CONFIG.md, "Porting to Go"). */
export function goConfigTemplate(facts: GoTemplateFacts): string {
  const built = `${facts.target}/bin/${facts.binary}`;
  const ignore =
    facts.target === '.'
      ? '# This folder is the target: its .gitignore must list .autoswe/, docs/journey/ and bin/ (a REVERT\n# cleans untracked files; an ACCEPT commits them).'
      : '# Its .gitignore must list bin/ (an ACCEPT commits what git does not ignore).';
  const tests =
    facts.testsGlob === null
      ? PROTECTED
      : `# Files the agent must never change (globs relative to this file), beyond the baseline, rules.yaml and
# autoswe.yaml, which are always protected. The Go tests found by init are the legacy tests: the agent
# may read them, never change them (nor add *_test.go files; list the files instead to allow that).
protected: ["${facts.testsGlob}"]
`;
  return `# autoswe.yaml: the loop's configuration, with the Go defaults of 'autoswe init'. Every key is documented
# in docs/CONFIG.md (the Go keys in "Porting to Go").
# Durations accept a number of seconds or 500ms, 30s, 15m, 2h. Unknown keys are refused (typos show up).

# The git checkout of the Go module the agent writes (relative to this file).
${ignore}
target: ${facts.target}

${LEGACY}
# The new program: the binary the build makes, one process start per case (not a compile per case).
new:
  command: ["${built}", "{case}"]

# Built after each agent session, before the cases run; a build that fails is a REVERT and the compiler's
# errors go into the next prompt. Runs in the target; under sandbox: bwrap the Go caches live in
# .autoswe/cache/ unless env sets GOCACHE, GOPATH, GOMODCACHE.
build:
  commands:
    - ["go", "build", "-o", "bin/${facts.binary}", "${facts.mainPackage}"]
  # cwd: .               # where the commands run (default: the target)
  timeout: 10m           # for all the commands together
  env:
    GOTOOLCHAIN: local   # never download another Go toolchain
    # GOPROXY: "off"     # offline: no module downloads (the module cache must hold the requirements)

# Run after a successful build, with the build's env: on_fail revert (the default) makes a failure a
# REVERT; note records it in the verdict and the next prompt without changing the verdict.
checks:
  vet: ["go", "vet", "./..."]
  test:
    command: ["go", "test", "./..."]
    on_fail: note
    # timeout: 10m

${MODULES_AND_AGENT}${tests}${LIMITS_AND_REST}`;
}

export const RULES_TEMPLATE = `# rules.yaml: the rules the agent is held to, one {id, text} each.
# Written by 'autoswe rules-review apply'; you may add rules by hand too.
[]
`;
