import { type CommandSpec, JSON_OPTION } from '../../cli/spec.js';
import { RUN_COMMANDS } from './loop-run.js';

const BUILD_OPTION = {
  name: 'build',
  type: 'boolean',
  help: "also run the config's build: (for the new program)",
} as const;

/** Verification and gating (issue 4, part A). */
const VERIFY_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'verify-cells',
    group: 'loop',
    summary:
      'run the new program on each case, compare with the baseline, update parity.json; flips and regressions',
    usage: '[MODULE]',
    description: 'Exit 1 when a GREEN cell turned RED (a regression); RED cells alone are not a failure.',
    args: { max: 1 },
    options: [
      { name: 'cell', type: 'string', arg: 'ID', help: 'verify only this case (cell id)' },
      BUILD_OPTION,
      JSON_OPTION,
    ],
    load: () => import('../verify-cells.js'),
  },
  {
    name: 'baseline-capture',
    group: 'loop',
    summary: 'run the legacy program on every case, record outputs under baseline/, then update LOCK.json',
    usage: '[MODULE]',
    args: { max: 1 },
    options: [BUILD_OPTION, JSON_OPTION],
    load: () => import('../baseline-capture.js'),
  },
  {
    name: 'lock-check',
    group: 'loop',
    summary: 'verify protected files against LOCK.json (exit 1 naming each change); --update rewrites it',
    options: [
      { name: 'update', type: 'boolean', help: 'record the protected files as they are now' },
      JSON_OPTION,
    ],
    load: () => import('../lock-check.js'),
  },
  {
    name: 'parity-flip',
    group: 'loop',
    summary: 'mark a fully GREEN module as switched to the new implementation',
    usage: 'MODULE',
    args: { min: 1, max: 1 },
    options: [
      { name: 'force', type: 'boolean', help: 'flip even with RED cells (recorded in VERDICTS)' },
      JSON_OPTION,
    ],
    load: () => import('../parity-flip.js'),
  },
  {
    name: 'preflight',
    group: 'loop',
    summary: 'check everything a run needs; pass/fail table, exit 1 if any check fails',
    options: [JSON_OPTION],
    load: () => import('../preflight.js'),
  },
  {
    name: 'enable-autonomous',
    group: 'loop',
    summary: 'set autonomous: true in state, only when preflight (baseline, lock-check included) passes',
    options: [JSON_OPTION],
    load: () => import('../enable-autonomous.js'),
  },
  {
    name: 'reset-epoch',
    group: 'loop',
    summary: "archive the epoch's state to epochs/epoch-N.json and start epoch N+1 at iter 0",
    options: [JSON_OPTION],
    load: () => import('../reset-epoch.js'),
  },
  {
    name: 'runs',
    group: 'loop',
    summary: 'history of config runs: list, show ID, prune [--keep N]',
    usage: '[list | show ID | prune]',
    args: { max: 2 },
    options: [
      { name: 'keep', type: 'int', arg: 'N', min: 0, defaultValue: 20, help: 'prune: runs to keep (newest)' },
      JSON_OPTION,
    ],
    load: () => import('../runs.js'),
  },
  {
    name: 'sandbox',
    group: 'loop',
    summary: 'run a command the way the loop runs agent tools and checks (the configured sandbox)',
    usage: '-- CMD [ARG…]',
    args: { min: 1, max: Number.POSITIVE_INFINITY },
    load: () => import('../sandbox.js'),
  },
  {
    name: 'images',
    group: 'loop',
    summary: 'the container images the config names, and whether each is present (docker/podman)',
    options: [JSON_OPTION],
    load: () => import('../images.js'),
  },
];

export const LOOP_COMMANDS: readonly CommandSpec[] = [...VERIFY_COMMANDS, ...RUN_COMMANDS];
