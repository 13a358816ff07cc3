import { type CommandSpec, JSON_OPTION } from '../../cli/spec.js';

const STEP_OPTIONS = [
  {
    name: 'set',
    type: 'string',
    arg: 'S',
    help: "set the step's status (for example pending, running, done, failed)",
  },
  { name: 'note', type: 'string', arg: 'T', help: 'attach a note to the step' },
  JSON_OPTION,
] as const;

/** `status`: exported alone too, for its single-file start-up build (src/hot/status.ts). */
export const STATUS_COMMAND: CommandSpec = {
  name: 'status',
  group: 'operator',
  summary: 'one screen: loop state, pause, parity, heartbeat, last verdict, rules, GPU, proxy',
  options: [
    {
      name: 'watch',
      short: 'w',
      type: 'int',
      arg: 'SECONDS',
      min: 1,
      help: 'redraw every SECONDS until Ctrl-C (with --json: one document a line per tick)',
    },
    JSON_OPTION,
  ],
  load: () => import('../status.js'),
};

/** `verdicts`: exported alone too, for its single-file start-up build (src/hot/verdicts.ts). */
export const VERDICTS_COMMAND: CommandSpec = {
  name: 'verdicts',
  group: 'operator',
  summary: 'the last N verdicts, colour-coded (read from the end of VERDICTS); --follow for new ones',
  options: [
    { name: 'n', short: 'n', type: 'int', arg: 'N', min: 1, defaultValue: 10, help: 'how many' },
    {
      name: 'follow',
      short: 'f',
      type: 'boolean',
      help: 'then print each verdict as it is appended, until Ctrl-C (with --json: one object a line)',
    },
    JSON_OPTION,
  ],
  load: () => import('../verdicts.js'),
};

/** Commands that only need the runtime files (the core issue). */
export const CORE_COMMANDS: readonly CommandSpec[] = [
  STATUS_COMMAND,
  {
    name: 'pause',
    group: 'operator',
    summary: 'soft-pause the loop before its next vertex (--hard also denies agent tool calls)',
    options: [
      {
        name: 'hard',
        short: 'H',
        type: 'boolean',
        help: 'hard pause: also deny every agent tool call (incident stop)',
      },
      { name: 'message', short: 'm', type: 'string', arg: 'REASON', help: 'why; shown in status' },
      JSON_OPTION,
    ],
    load: () => import('../pause.js'),
  },
  {
    name: 'resume',
    group: 'operator',
    summary: 'remove PAUSE and PAUSE_HARD; the loop wakes at once',
    options: [JSON_OPTION],
    load: () => import('../resume.js'),
  },
  VERDICTS_COMMAND,
  {
    name: 'journey',
    group: 'operator',
    summary: 'the latest (or Nth) journey entry, rendered for the terminal',
    options: [
      { name: 'iter', type: 'int', arg: 'N', help: 'show iteration N instead of the latest' },
      JSON_OPTION,
    ],
    load: () => import('../journey.js'),
  },
  {
    name: 'rules-review',
    group: 'operator',
    summary: 'pending rule proposals; approve ID, reject ID [-m NOTE], apply',
    usage: '[approve ID | reject ID | apply]',
    description:
      'Without an action, lists pending proposals, each marked auto-applicable (additive) or needs approval\n' +
      '(relaxation, removal). apply writes approved and additive proposals into rules.yaml.',
    args: { min: 0, max: 2 },
    options: [
      { name: 'message', short: 'm', type: 'string', arg: 'NOTE', help: 'note recorded with the decision' },
      JSON_OPTION,
    ],
    load: () => import('../rules-review.js'),
  },
  {
    name: 'state-read',
    group: 'loop',
    summary: 'print state.json, or one value by dotted path',
    usage: '[KEY.PATH]',
    args: { max: 1 },
    options: [JSON_OPTION],
    load: () => import('../state-read.js'),
  },
  {
    name: 'state-merge',
    group: 'loop',
    summary: "deep-merge a JSON object into state.json under the lock ('-' reads stdin; null deletes)",
    usage: 'JSON | -',
    args: { min: 1, max: 1 },
    options: [JSON_OPTION],
    load: () => import('../state-merge.js'),
  },
  {
    name: 'select-module',
    group: 'loop',
    summary: 'pick the module with the most RED cells (not flipped; ties by name) and record it',
    options: [JSON_OPTION],
    load: () => import('../select-module.js'),
  },
  {
    name: 'plan-status',
    group: 'loop',
    summary: "read or set the plan step's status",
    options: STEP_OPTIONS,
    load: () => import('../step-status.js'),
  },
  {
    name: 'judge-status',
    group: 'loop',
    summary: "read or set the judge step's status",
    options: STEP_OPTIONS,
    load: () => import('../step-status.js'),
  },
  {
    name: 'write-status',
    group: 'loop',
    summary: "read or set the write step's status",
    options: STEP_OPTIONS,
    load: () => import('../step-status.js'),
  },
  {
    name: 'init',
    group: 'setup',
    summary: 'scaffold a workspace here: autoswe.yaml, deploy/ units, docs/journey/, .autoswe/',
    usage: '[DIR]',
    args: { max: 1 },
    options: [
      {
        name: 'lang',
        type: 'string',
        arg: 'LANG',
        help: 'start autoswe.yaml from these defaults: go (build, checks) or node; default: go when DIR has a go.mod',
      },
      JSON_OPTION,
    ],
    load: () => import('../init.js'),
  },
];
