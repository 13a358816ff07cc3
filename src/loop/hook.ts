import { isAbsolute, resolve } from 'node:path';
import { isJsonObject } from '../core/runtime/decode.js';
import { bashFinding } from './hook-bash.js';
import { type GuardPolicy, kernelPath, ProtectedPaths } from './hook-paths.js';

export { namesPath } from './hook-bash.js';
export { literalPrefix } from './hook-paths.js';

/** A PreToolUse event as Claude Code sends it on stdin (docs/RUNTIME.md section 9); only what the hook reads. */
export interface PreToolUseEvent {
  readonly tool_name: string;
  readonly tool_input: Record<string, unknown>;
  readonly cwd: string | null;
}

export type HookDecision =
  | { readonly decision: 'allow' }
  | {
      readonly decision: 'deny';
      readonly reason: string;
      /** Stop the agent's turn altogether (`"continue": false`), not only this call: a hard pause. */
      readonly stopAgent?: true;
    };

/** Tools that write a file, and the input naming it. */
const WRITE_TOOLS: Record<string, string> = {
  Write: 'file_path',
  Edit: 'file_path',
  MultiEdit: 'file_path',
  NotebookEdit: 'notebook_path',
};

/** Tools that read files, and the input naming where: denied only inside the baseline (the answers). */
const READ_TOOLS: Record<string, string> = {
  Read: 'file_path',
  NotebookRead: 'notebook_path',
  Grep: 'path',
  Glob: 'path',
  LS: 'path',
};

/** Parses the event; throws on anything that is not a PreToolUse event with a tool name and input. */
export function parsePreToolUseEvent(text: string): PreToolUseEvent {
  if (text.trim() === '') throw new Error('empty hook event on stdin');
  const event: unknown = JSON.parse(text);
  if (!isJsonObject(event)) throw new Error('hook event is not a JSON object');
  if (typeof event.tool_name !== 'string' || event.tool_name === '') {
    throw new Error('hook event has no tool_name');
  }
  const input = event.tool_input ?? {};
  if (!isJsonObject(input)) throw new Error('hook event tool_input is not an object');
  return {
    tool_name: event.tool_name,
    tool_input: input,
    cwd: typeof event.cwd === 'string' && isAbsolute(event.cwd) ? event.cwd : null,
  };
}

/**
 * The hook's answer: a hard pause denies everything and stops the agent's turn; a write that would reach
 * a protected path (Write/Edit/MultiEdit/NotebookEdit through symlinks, /proc or hard links; a Bash
 * command that writes one) is denied, and so is a read of the baseline; anything else is allowed (left
 * to the agent's own permission rules).
 */
export function decideToolCall(
  event: PreToolUseEvent,
  policy: GuardPolicy,
  hardPause: string | null,
  home?: string,
): HookDecision {
  if (hardPause !== null) {
    return {
      decision: 'deny',
      reason: `hard paused (${hardPause}); wait for 'autoswe resume'`,
      stopAgent: true,
    };
  }
  const writeKey = WRITE_TOOLS[event.tool_name];
  const readKey = READ_TOOLS[event.tool_name];
  // Other tools (TodoWrite, Task, WebFetch, MCP tools…) touch no file: no globs compiled, no paths resolved.
  if (writeKey === undefined && readKey === undefined && event.tool_name !== 'Bash')
    return { decision: 'allow' };
  const guard = new ProtectedPaths(policy);
  const cwd = event.cwd ?? policy.target;
  if (writeKey !== undefined) {
    const file = event.tool_input[writeKey];
    if (typeof file !== 'string' || file === '') {
      return { decision: 'deny', reason: `${event.tool_name} without a ${writeKey}` };
    }
    const hit = guard.writeHit(file, cwd);
    if (hit === null) return { decision: 'allow' };
    if (hit.unfollowable) {
      return { decision: 'deny', reason: `${hit.path}: no writes${hit.via}` };
    }
    return { decision: 'deny', reason: `${hit.path} is protected${hit.via}; the agent may not change it` };
  }
  if (readKey !== undefined) {
    const where = event.tool_input[readKey];
    if (typeof where === 'string' && where !== '') {
      const raw = isAbsolute(where) ? where : `${cwd}/${where}`;
      if (guard.inBaseline(resolve(raw)) || guard.inBaseline(kernelPath(raw).path)) {
        return { decision: 'deny', reason: answersReason(where) };
      }
    }
    return { decision: 'allow' };
  }
  if (event.tool_name === 'Bash') {
    const command = event.tool_input.command;
    if (typeof command !== 'string') return { decision: 'deny', reason: 'Bash without a command' };
    const found = bashFinding(command, cwd, guard, home);
    if (found === null) return { decision: 'allow' };
    if (found.read) return { decision: 'deny', reason: answersReason(found.path) };
    return {
      decision: 'deny',
      reason: `the command would write ${found.path} (${found.how}), which is protected; protected files are read-only (reading and running them is fine)`,
    };
  }
  return { decision: 'allow' };
}

function answersReason(path: string): string {
  return `${path} is in the baseline, the recorded answers, which the agent may not read`;
}
