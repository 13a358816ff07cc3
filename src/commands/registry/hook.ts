import type { CommandSpec } from '../../cli/spec.js';

/**
 * The agent hook: also built alone as dist/hot/hook.cjs, since it runs before every agent tool call. In a
 * module of its own, so that build does not even parse the other loop commands (the demo reaches the TUI).
 */
export const HOOK_COMMAND: CommandSpec = {
  name: 'hook',
  group: 'loop',
  summary: 'agent hook: reads the hook event JSON on stdin; hard pause or a protected path → deny',
  usage: 'pre-tool-use',
  description:
    'Claude Code PreToolUse hook. Fails closed: any error denies the tool call (exit 2, reason on stderr).',
  args: { min: 1, max: 1 },
  load: () => import('../hook.js'),
};
