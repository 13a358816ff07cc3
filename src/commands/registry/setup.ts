import { type CommandSpec, command } from '../../cli/spec.js';
import { DEMO_OPTIONS, INIT_OPTIONS } from './options.js';

/** Help group "Workspace": making a workspace, and the demo one. */
export const SETUP_COMMANDS: readonly CommandSpec[] = [
  command({
    name: 'init',
    group: 'setup',
    summary: 'scaffold a workspace here: autoswe.yaml, deploy/ units, docs/journey/, .autoswe/',
    usage: '[DIR]',
    args: { max: 1 },
    options: INIT_OPTIONS,
    load: () => import('../init.js'),
  }),
  command({
    name: 'demo',
    group: 'setup',
    summary: 'the loop on a bundled sample workspace with a scripted agent, then the status screen',
    description:
      'Copies the demo workspace (a temp dir unless --dir), makes its git target, captures the baseline and\n' +
      'runs the loop to DONE with the scripted agent (no LLM needed; only Node and git).\n' +
      'Examples: demo (JavaScript to JavaScript, the default), go-port (JavaScript to Go; needs go).',
    options: DEMO_OPTIONS,
    load: () => import('../demo.js'),
  }),
];
