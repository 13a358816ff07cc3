import {
  createSession,
  hasSession,
  listPanes,
  type PaneInfo,
  type PaneSpec,
  requireTmux,
  sessionRoot,
  showSession,
} from '../../adapters/tmux.js';
import { shellQuote } from '../../base/shell.js';
import type { Workspace } from '../runtime/workspace.js';
import { selfCommandLine } from '../setup/self-command.js';

/** The tmux session `attach` (and the TUI's `a` key) shows. */
export const MONITOR_SESSION = 'autoswe';

/** Variables the panes need even when the tmux server was started with another environment. */
const PASSED_ENV = ['AUTOSWE_RUNTIME_DIR', 'AUTOSWE_PROXY_BASE', 'NO_COLOR', 'PATH'] as const;

/** The four panes of docs/COMMANDS.md `attach`, each running this same autoswe with `--root`, so any cwd works. */
export function monitorPanes(self: string, root: string): PaneSpec[] {
  const autoswe = `${self} --root ${shellQuote(root)}`;
  return [
    { title: 'agent transcript', command: `${autoswe} watch-agent` },
    { title: 'status', command: `${autoswe} status --watch 5` },
    { title: 'gpu + proxy', command: `${autoswe} health --watch 5` },
    { title: 'verdicts', command: `${autoswe} verdicts --follow` },
  ];
}

export interface MonitorSession {
  readonly tmux: string;
  readonly name: string;
  readonly created: boolean;
  /** The workspace an existing session was made for, when it is not this one. */
  readonly otherRoot: string | null;
}

/** Creates the monitoring session for this workspace if there is none; tmux missing is a clear error. */
export function ensureMonitorSession(workspace: Workspace, env: NodeJS.ProcessEnv): MonitorSession {
  const tmux = requireTmux(env);
  if (hasSession(tmux, env, MONITOR_SESSION)) {
    const root = sessionRoot(tmux, env, MONITOR_SESSION);
    const otherRoot = root !== null && root !== workspace.root ? root : null;
    return { tmux, name: MONITOR_SESSION, created: false, otherRoot };
  }
  const paneEnv: Record<string, string> = {};
  for (const key of PASSED_ENV) {
    const value = env[key];
    if (value !== undefined && value !== '') paneEnv[key] = value;
  }
  createSession(tmux, env, {
    name: MONITOR_SESSION,
    cwd: workspace.root,
    root: workspace.root,
    env: paneEnv,
    panes: monitorPanes(selfCommandLine(), workspace.root),
  });
  return { tmux, name: MONITOR_SESSION, created: true, otherRoot: null };
}

/** Whether this process runs inside tmux: showing the session then switches the client instead of nesting. */
export function insideTmux(env: NodeJS.ProcessEnv): boolean {
  return env.TMUX !== undefined && env.TMUX !== '';
}

/** The session's panes as tmux reports them (for `attach --json`). */
export function monitorSessionPanes(session: MonitorSession, env: NodeJS.ProcessEnv): PaneInfo[] {
  return listPanes(session.tmux, env, session.name);
}

/** Shows the session on this terminal until the operator detaches, or switches the tmux client to it. */
export function showMonitorSession(session: MonitorSession, env: NodeJS.ProcessEnv): void {
  showSession(session.tmux, env, session.name);
}
