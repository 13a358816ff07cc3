import { terminalJson } from '../base/terminal-text.js';
import type { CommandContext } from '../cli/context.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { parseTranscriptLine } from '../core/transcripts/events.js';
import { followActiveTranscript, readRunTranscript } from '../core/transcripts/read.js';
import { makeColors } from '../render/colors.js';
import { renderTranscriptLine } from '../render/transcript.js';
import type { WATCH_AGENT_OPTIONS } from './registry/options.js';
import { untilInterrupted } from './until-interrupted.js';

type Mode = 'render' | 'raw' | 'json';

export async function run(ctx: CommandContext<typeof WATCH_AGENT_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const replay = ctx.options.replay;
  const iter = ctx.options.iter;
  if (iter !== undefined && replay === undefined) throw ctx.usageError('--iter needs --replay RUN');
  if (ctx.options.raw && ctx.options.json) throw ctx.usageError('--raw and --json cannot be used together');
  if (ctx.options.session && replay !== undefined)
    throw ctx.usageError('--session follows the active session; it cannot be used with --replay');
  const mode: Mode = ctx.options.json ? 'json' : ctx.options.raw ? 'raw' : 'render';
  const colors = makeColors(ctx.color);
  const show = (lines: readonly string[], readAt: Date | undefined) => {
    const width = ctx.io.stdout.columns ?? 100;
    let out: readonly string[] = lines;
    if (mode === 'render')
      out = lines.flatMap((line) => renderTranscriptLine(line, { colors, width, readAt }));
    // JSON Lines: one parsed event a line, so a follower can be piped into another program.
    if (mode === 'json')
      out = lines.flatMap((line) => parseTranscriptLine(line).map((event) => terminalJson(event)));
    if (out.length > 0) ctx.write(`${out.join('\n')}\n`);
  };

  if (replay !== undefined) {
    const { transcript, batches } = readRunTranscript(workspace, replay, iter);
    if (mode === 'json') {
      printEventsJson(ctx, transcript, batches);
      return 0;
    }
    if (mode === 'render') ctx.out(colors.dim(`── ${transcript.path}`));
    for (const lines of batches) show(lines, undefined);
    return 0;
  }

  let lastError = '';
  const onError = (error: Error) => {
    // Said once per distinct failure, not at every retry.
    if (error.message === lastError) return;
    lastError = error.message;
    ctx.err(`autoswe: cannot read the agent transcript: ${error.message}`);
  };
  if (ctx.options.session) {
    const { claudeConfigDir, followActiveSession } = await import('../core/transcripts/session-file.js');
    const agent = await agentSetup(workspace);
    const configDir = claudeConfigDir({ ...ctx.env, ...agent.env });
    const follower = followActiveSession(
      workspace,
      {
        onIdle() {
          ctx.err(colors.dim(`waiting for an agent session (no ACTIVE in ${workspace.runtimeDir})…`));
        },
        onWaitingForInit(path) {
          ctx.err(colors.dim(`waiting for the session id (the init event) in ${path}…`));
        },
        onSession(file, init, history) {
          if (mode === 'render')
            ctx.out(colors.bold(colors.cyan(`── Claude Code session ${init.sessionId}: ${file}`)));
          if (mode === 'json')
            ctx.out(JSON.stringify({ kind: 'session-file', path: file, session_id: init.sessionId }));
          show(history, undefined);
        },
        onLines: (lines) => show(lines, new Date()),
        onError,
      },
      { configDir, fallbackCwd: agent.target ?? workspace.root, history: ctx.options.lines },
    );
    await untilInterrupted();
    follower.close();
    return 0;
  }

  const follower = followActiveTranscript(
    workspace,
    {
      onSwitch(path, history) {
        if (path === null) {
          ctx.err(colors.dim(`waiting for an agent session (no ACTIVE in ${workspace.runtimeDir})…`));
          return;
        }
        if (mode === 'render') ctx.out(colors.bold(colors.cyan(`── agent session ${path}`)));
        if (mode === 'json') ctx.out(terminalJson({ kind: 'transcript', path }));
        // History lines were written earlier: their read time would lie, so show none for them.
        show(history, undefined);
      },
      onLines(lines) {
        show(lines, new Date());
      },
      onError,
    },
    { history: ctx.options.lines },
  );
  await untilInterrupted();
  follower.close();
  return 0;
}

/**
 * `agent.env` of autoswe.yaml (where a CLAUDE_CONFIG_DIR for the agent would be set) and the target the
 * agent runs in; neither when autoswe.yaml cannot be read (the session file is then looked for as without).
 */
async function agentSetup(
  workspace: Workspace,
): Promise<{ env: Record<string, string>; target: string | undefined }> {
  try {
    const { loadConfig } = await import('../core/config/load.js');
    const config = await loadConfig(workspace);
    return { env: config.agent.env, target: config.target };
  } catch {
    return { env: {}, target: undefined };
  }
}

/**
 * `{...transcript, events: [...]}` exactly as printJson would print it, written a batch at a time: a long
 * session's transcript never has to be held whole.
 */
function printEventsJson(ctx: CommandContext, transcript: object, batches: Iterable<string[]>): void {
  const head = terminalJson(transcript, 2);
  ctx.write(`${head.slice(0, -2)},\n  "events": [`);
  let first = true;
  for (const lines of batches) {
    const events = lines.flatMap((line) => parseTranscriptLine(line));
    if (events.length === 0) continue;
    const text = events.map((event) => `    ${terminalJson(event, 2).replaceAll('\n', '\n    ')}`);
    ctx.write(`${first ? '\n' : ',\n'}${text.join(',\n')}`);
    first = false;
  }
  ctx.write(first ? ']\n}\n' : '\n  ]\n}\n');
}
