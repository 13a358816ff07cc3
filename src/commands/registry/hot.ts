import { command } from '../../cli/spec.js';
import { STATUS_OPTIONS, VERDICTS_OPTIONS } from './options.js';

// The commands that also have a single-file start-up build (src/hot/). Each build imports its own entry
// from here; the others are marked pure so that esbuild drops them, and the code they would load, from it.

export const STATUS_COMMAND = /* @__PURE__ */ command({
  name: 'status',
  group: 'operator',
  summary: 'one screen: loop state, pause, parity, heartbeat, last verdict, rules, GPU, proxy',
  options: STATUS_OPTIONS,
  load: () => import('../status.js'),
});

export const VERDICTS_COMMAND = /* @__PURE__ */ command({
  name: 'verdicts',
  group: 'operator',
  summary: 'the last N verdicts, colour-coded (read from the end of VERDICTS); --follow for new ones',
  options: VERDICTS_OPTIONS,
  load: () => import('../verdicts.js'),
});

/** The agent hook: run before every agent tool call. */
export const HOOK_COMMAND = /* @__PURE__ */ command({
  name: 'hook',
  group: 'loop',
  summary: 'agent hook: reads the hook event JSON on stdin; hard pause or a protected path → deny',
  usage: 'pre-tool-use',
  description:
    'Claude Code PreToolUse hook. Fails closed: any error denies the tool call (exit 2, reason on stderr).',
  args: { min: 1, max: 1 },
  load: () => import('../hook.js'),
});
