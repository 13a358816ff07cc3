// Long because it is every command's option list, in one place the registry and the commands share.
import { JSON_OPTION, type OptionSpec } from '../../cli/options.js';

// Every command's options, apart from the commands themselves: the registry declares each command with
// its list, and the command's code types its context by the same list (`CommandContext<typeof
// STATUS_OPTIONS>`) without importing the registry, which imports the code.

const ALL_OPTION = {
  name: 'all',
  type: 'boolean',
  help: 'every registered workspace (~/.config/autoswe/workspaces), not only this one',
} as const satisfies OptionSpec;

export const STATUS_OPTIONS = [
  {
    name: 'watch',
    short: 'w',
    type: 'int',
    arg: 'SECONDS',
    min: 1,
    help: 'redraw every SECONDS until Ctrl-C (with --json: one document a line per tick)',
  },
  ALL_OPTION,
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const VERDICTS_OPTIONS = [
  { name: 'n', short: 'n', type: 'int', arg: 'N', min: 1, defaultValue: 10, help: 'how many' },
  {
    name: 'follow',
    short: 'f',
    type: 'boolean',
    help: 'then print each verdict as it is appended, until Ctrl-C (with --json: one object a line)',
  },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const RESUME_OPTIONS = [
  { name: 'message', short: 'm', type: 'string', arg: 'REASON', help: 'why; kept in the event history' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const HISTORY_OPTIONS = [
  {
    name: 'since',
    type: 'string',
    arg: 'D',
    help: 'only events since D: a duration back from now (2h, 3d) or a date/time (2026-11-24T06:00, UTC)',
  },
  {
    name: 'type',
    type: 'string',
    arg: 'T',
    help: 'only these event types, comma-separated; a group (run, wait, rule, service) means all of it',
  },
  { name: 'n', short: 'n', type: 'int', arg: 'N', min: 1, defaultValue: 100, help: 'how many at most' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const NOTIFY_OPTIONS = [
  {
    name: 'test',
    type: 'boolean',
    help: 'send a test event to each receiver once, now, and say what each answered (exit 1 if one failed)',
  },
  {
    name: 'deliver',
    type: 'boolean',
    help: 'send the recorded events not sent yet, then exit (what autoswe starts in the background)',
  },
  { name: 'from', type: 'int', arg: 'OFFSET', min: 0, help: 'with --deliver and no cursor yet: start here' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const PAUSE_OPTIONS = [
  {
    name: 'hard',
    short: 'H',
    type: 'boolean',
    help: 'hard pause: also deny every agent tool call (incident stop)',
  },
  { name: 'message', short: 'm', type: 'string', arg: 'REASON', help: 'why; shown in status' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const JOURNEY_OPTIONS = [
  { name: 'iter', type: 'int', arg: 'N', help: 'show iteration N instead of the latest' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const RULES_REVIEW_OPTIONS = [
  { name: 'message', short: 'm', type: 'string', arg: 'NOTE', help: 'note recorded with the decision' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const TUI_OPTIONS = [
  {
    name: 'fleet',
    type: 'boolean',
    help: "every loop of the fleet (as autoswe fleet); Enter opens a local loop's TUI",
  },
  { ...JSON_OPTION, help: 'print the status as JSON once instead of drawing (as status --json)' },
] as const satisfies readonly OptionSpec[];

export const WATCH_AGENT_OPTIONS = [
  { name: 'raw', type: 'boolean', help: 'print transcript lines as they are, without rendering' },
  {
    name: 'lines',
    short: 'n',
    type: 'int',
    arg: 'N',
    min: 0,
    defaultValue: 20,
    help: 'lines of the current session shown at start',
  },
  {
    name: 'replay',
    type: 'string',
    arg: 'RUN',
    help: "show a past run's transcript (its last iteration)",
  },
  { name: 'iter', type: 'int', arg: 'N', min: 0, help: 'with --replay: the transcript of iteration N' },
  {
    name: 'session',
    type: 'boolean',
    help: "follow Claude Code's own session file (~/.claude/projects/…) of the active session",
  },
  {
    name: 'json',
    type: 'boolean',
    help: 'parsed events: one JSON document with --replay, else one event a line (JSON Lines)',
  },
] as const satisfies readonly OptionSpec[];

export const ATTACH_OPTIONS = [
  { name: 'no-attach', type: 'boolean', help: 'create the session (if absent) but do not attach to it' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const HEALTH_OPTIONS = [
  { name: 'watch', type: 'int', arg: 'SECONDS', min: 1, help: 'probe again every SECONDS until Ctrl-C' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const SERVE_OPTIONS = [
  { name: 'host', type: 'string', arg: 'HOST', defaultValue: '127.0.0.1', help: 'address to bind' },
  {
    name: 'port',
    type: 'int',
    arg: 'PORT',
    min: 0,
    defaultValue: 8765,
    help: 'port to bind (0 picks a free one; the start line names it)',
  },
  {
    name: 'read-only',
    type: 'boolean',
    help: 'hide the approve / reject buttons and refuse every state change',
  },
  {
    name: 'token',
    type: 'string',
    arg: 'TOKEN',
    help: 'require this token on every request (default: AUTOSWE_SERVE_TOKEN)',
  },
  {
    name: 'fleet',
    type: 'boolean',
    help: 'one live page of every loop (autoswe fleet), each row linking to its own pages',
  },
] as const satisfies readonly OptionSpec[];

export const LOGS_OPTIONS = [
  { name: 'n', short: 'n', type: 'int', arg: 'N', min: 0, defaultValue: 50, help: 'how many past lines' },
  { name: 'no-follow', type: 'boolean', help: 'print and exit instead of following' },
  { name: 'json', type: 'boolean', help: 'print the entries as one JSON document (implies --no-follow)' },
  ALL_OPTION,
] as const satisfies readonly OptionSpec[];

/** start, stop and restart. */
export const LIFECYCLE_OPTIONS = [ALL_OPTION, JSON_OPTION] as const satisfies readonly OptionSpec[];

export const UNINSTALL_UNITS_OPTIONS = [
  { name: 'dest', type: 'string', arg: 'DIR', help: 'the folder install-units wrote to with --dest' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const FLEET_OPTIONS = [
  {
    name: 'watch',
    short: 'w',
    type: 'int',
    arg: 'SECONDS',
    min: 1,
    help: 'redraw every SECONDS until Ctrl-C (with --json: one document a line per tick)',
  },
  {
    name: 'timeout',
    type: 'int',
    arg: 'MS',
    min: 1,
    defaultValue: 3000,
    help: "how long each remote host's serve has to answer",
  },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const INSTALL_UNITS_OPTIONS = [
  { name: 'dest', type: 'string', arg: 'DIR', help: 'write the units here instead' },
  { name: 'force', type: 'boolean', help: 'replace unit files autoswe did not write' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

/** plan-status, judge-status and write-status. */
export const STEP_OPTIONS = [
  {
    name: 'set',
    type: 'string',
    arg: 'S',
    help: "set the step's status (for example pending, running, done, failed)",
  },
  { name: 'note', type: 'string', arg: 'T', help: 'attach a note to the step' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const LEASE_READY_OPTIONS = [
  { name: 'wait', type: 'int', arg: 'S', min: 0, defaultValue: 0, help: 'keep trying this many seconds' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

/** `--build` of verify-cells and baseline-capture: the config's `build:` for the new program. */
const BUILD_OPTION = {
  name: 'build',
  type: 'boolean',
  help: "also run the config's build: (for the new program)",
} as const satisfies OptionSpec;

export const VERIFY_CELLS_OPTIONS = [
  { name: 'cell', type: 'string', arg: 'ID', help: 'verify only this case (cell id)' },
  { ...BUILD_OPTION, help: "run the config's build: first (for the new program)" },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const BASELINE_CAPTURE_OPTIONS = [
  { ...BUILD_OPTION, help: "then run the config's build: (readies the new program for verify-cells)" },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const LOCK_CHECK_OPTIONS = [
  { name: 'update', type: 'boolean', help: 'record the protected files as they are now' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const COST_OPTIONS = [
  {
    name: 'by',
    type: 'string',
    arg: 'run|day|module',
    defaultValue: 'run',
    help: 'one row per run (default), per UTC day, or per module',
  },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const PARITY_FLIP_OPTIONS = [
  { name: 'force', type: 'boolean', help: 'flip even with RED cells (recorded in VERDICTS)' },
  { name: 'message', short: 'm', type: 'string', arg: 'REASON', help: 'why; kept in the event history' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const RUNS_OPTIONS = [
  {
    name: 'n',
    short: 'n',
    type: 'int',
    arg: 'N',
    min: 0,
    defaultValue: 20,
    help: 'list: how many (newest; 0: all)',
  },
  { name: 'keep', type: 'int', arg: 'N', min: 0, defaultValue: 20, help: 'prune: runs to keep (newest)' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const RUN_OPTIONS = [
  {
    name: 'config',
    type: 'string',
    arg: 'FILE',
    help: 'the autoswe.yaml to run (default: the workspace one)',
  },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const JOURNEY_SYNTH_OPTIONS = [
  { name: 'iter', type: 'int', arg: 'N', help: 'the iteration (default: the latest verdict)' },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const INIT_OPTIONS = [
  {
    name: 'lang',
    type: 'string',
    arg: 'LANG',
    help: 'start autoswe.yaml from these defaults: go (build, checks) or node; default: go when DIR has a go.mod',
  },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];

export const DEMO_OPTIONS = [
  {
    name: 'example',
    type: 'string',
    arg: 'NAME',
    help: 'which bundled example: demo (default) or go-port',
  },
  {
    name: 'dir',
    type: 'string',
    arg: 'D',
    help: 'create the demo workspace in D (must be empty or absent)',
  },
  {
    name: 'setup-only',
    type: 'boolean',
    help: 'prepare the workspace and baseline, do not run the loop',
  },
  JSON_OPTION,
] as const satisfies readonly OptionSpec[];
