import { errorMessage } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import { readHookPolicy } from '../core/runtime/hook-policy.js';
import { readHardPause } from '../core/runtime/sentinels.js';
import { decideToolCall, parsePreToolUseEvent } from '../loop/hook.js';

/** Exit 2 with the reason on stderr blocks the tool call in Claude Code (docs/RUNTIME.md section 9). */
const EXIT_BLOCK = 2;

/**
 * `hook pre-tool-use`: answers Claude Code's PreToolUse hook. Fails closed: any error (no workspace,
 * unreadable runtime dir or policy, a bad event) blocks the call; it never exits 1, which would let it through.
 */
export async function run(ctx: CommandContext): Promise<number> {
  try {
    const kind = ctx.args[0];
    if (kind !== 'pre-tool-use') throw new Error(`unknown hook '${kind ?? ''}' (expected pre-tool-use)`);
    const workspace = ctx.workspace();
    const event = parsePreToolUseEvent(await ctx.readStdin());
    const decision = decideToolCall(event, readHookPolicy(workspace), readHardPause(workspace));
    if (decision.decision === 'deny') {
      const reason = `autoswe: ${decision.reason}`;
      ctx.out(
        JSON.stringify({
          // A hard pause ends the agent's turn too, rather than letting it try call after call.
          ...(decision.stopAgent ? { continue: false, stopReason: reason } : {}),
          hookSpecificOutput: {
            hookEventName: 'PreToolUse',
            permissionDecision: 'deny',
            permissionDecisionReason: reason,
          },
        }),
      );
    }
    return 0;
  } catch (error) {
    ctx.err(`autoswe hook: denied because the hook failed: ${errorMessage(error)}`);
    return EXIT_BLOCK;
  }
}
