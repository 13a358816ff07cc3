import { type CommandSpec, JSON_OPTION } from '../../cli/spec.js';
import { HOOK_COMMAND } from './hook.js';

/** The loop itself, its hook, journey writing and the demo (issue 4, part B); spread into LOOP_COMMANDS. */
export const RUN_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'run',
    group: 'loop',
    summary: 'the supervised loop in the foreground: select → plan → implement → verify → judge → journey',
    description:
      'Runs until every parity cell is GREEN or limits.max_iters iterations. PAUSE/PAUSE_HARD hold it before\n' +
      'the next vertex; SIGTERM/SIGINT stop the agent, revert the iteration in flight and exit 0.\n' +
      'Sets AUTOSWE_RUN_CONFIG for itself and every child. One run per workspace at a time.',
    options: [
      {
        name: 'config',
        type: 'string',
        arg: 'FILE',
        help: 'the autoswe.yaml to run (default: the workspace one)',
      },
      JSON_OPTION,
    ],
    load: () => import('../run.js'),
  },
  HOOK_COMMAND,
  {
    name: 'journey-synth',
    group: 'loop',
    summary: "write docs/journey/iter-<N>.md from the iteration's verdict, parity change and transcript",
    options: [
      { name: 'iter', type: 'int', arg: 'N', help: 'the iteration (default: the latest verdict)' },
      JSON_OPTION,
    ],
    load: () => import('../journey-synth.js'),
  },
  {
    name: 'demo',
    group: 'setup',
    summary: 'the loop on a bundled sample workspace with a scripted agent, then the status screen',
    description:
      'Copies the demo workspace (a temp dir unless --dir), makes its git target, captures the baseline and\n' +
      'runs the loop to DONE with the scripted agent (no LLM needed; only Node and git).\n' +
      'Examples: demo (JavaScript to JavaScript, the default), go-port (JavaScript to Go; needs go).',
    options: [
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
    ],
    load: () => import('../demo.js'),
  },
];
