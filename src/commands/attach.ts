import { AutosweError } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import {
  ensureMonitorSession,
  insideTmux,
  monitorSessionPanes,
  showMonitorSession,
} from '../core/service/attach-session.js';
import type { ATTACH_OPTIONS } from './registry/options.js';

export function run(ctx: CommandContext<typeof ATTACH_OPTIONS>): number {
  const session = ensureMonitorSession(ctx.workspace(), ctx.env);
  const { name } = session;
  if (session.otherRoot !== null) {
    ctx.err(
      `note: tmux session '${name}' shows ${session.otherRoot}; 'tmux kill-session -t ${name}' to recreate it here`,
    );
  }
  const attach = !ctx.options.noAttach;
  if (ctx.options.json) {
    ctx.printJson({
      session: name,
      created: session.created,
      root: ctx.workspace().root,
      other_root: session.otherRoot,
      panes: monitorSessionPanes(session, ctx.env),
      attach,
    });
  } else if (!attach) {
    ctx.out(
      `${session.created ? 'created' : 'found'} tmux session '${name}'; 'tmux attach -t ${name}' to see it`,
    );
  }
  if (!attach) return 0;
  if (!insideTmux(ctx.env) && ctx.io.stdin.isTTY !== true) {
    throw new AutosweError(
      `tmux session '${name}' is ready, but stdin is not a terminal to attach from; run 'tmux attach -t ${name}'`,
    );
  }
  showMonitorSession(session, ctx.env);
  return 0;
}
