import { errorMessage } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import { readHardPause } from '../core/runtime/sentinels.js';
import { resolveWorkspace, type Workspace } from '../core/runtime/workspace.js';
import { decideToolCall, type PreToolUseEvent, parsePreToolUseEvent } from '../loop/hook.js';
import { hookPolicyFor } from '../loop/hook-policy.js';

/** Exit 2 with the reason on stderr blocks the tool call in Claude Code (docs/RUNTIME.md section 9). */
const EXIT_BLOCK = 2;

/**
 * `hook pre-tool-use`: answers Claude Code's PreToolUse hook, the same with or without a live run. In a
 * workspace (`--root`, AUTOSWE_REPO_ROOT, or found from the event's cwd) it enforces hard pause and the
 * config's protected paths; outside any workspace, without `--root`, it gives no decision (exit 0, no
 * output), so a hook in a user's global settings leaves other projects alone. Fails closed in a workspace:
 * any error there (an unusable --root, unreadable runtime dir or config, a bad event) blocks the call; it
 * never exits 1, which would let it through.
 */
export async function run(ctx: CommandContext): Promise<number> {
  try {
    const kind = ctx.args[0];
    if (kind !== 'pre-tool-use') throw new Error(`unknown hook '${kind ?? ''}' (expected pre-tool-use)`);
    const explicit = Boolean(ctx.rootOption ?? ctx.env.AUTOSWE_REPO_ROOT);
    const text = await ctx.readStdin();
    let event: PreToolUseEvent | null = null;
    let bad: unknown = null;
    try {
      event = parsePreToolUseEvent(text);
    } catch (error) {
      bad = error;
    }
    const workspace = explicit ? ctx.workspace() : (found(event?.cwd, ctx) ?? found(ctx.io.cwd, ctx));
    if (workspace === null) return 0;
    if (event === null) throw bad;
    const policy = await hookPolicyFor(workspace, ctx.env);
    const decision = decideToolCall(event, policy, readHardPause(workspace), ctx.env.HOME);
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

/** The workspace holding `cwd` (nearest autoswe.yaml at or above it), or null. */
function found(cwd: string | null | undefined, ctx: CommandContext): Workspace | null {
  if (cwd === null || cwd === undefined) return null;
  try {
    return resolveWorkspace({ env: { ...ctx.env, AUTOSWE_REPO_ROOT: '' }, cwd });
  } catch {
    return null;
  }
}
