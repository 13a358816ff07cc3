import { realpathSync } from 'node:fs';
import {
  createSession,
  hasSession,
  type PaneSpec,
  requireTmux,
  sessionRoot,
  shellQuote,
} from '../adapters/tmux.js';
import type { Workspace } from './workspace.js';

/** The tmux session `attach` (and the TUI's `a` key) shows. */
export const MONITOR_SESSION = 'autoswe';

/** Variables the panes need even when the tmux server was started with another environment. */
const PASSED_ENV = ['AUTOSWE_RUNTIME_DIR', 'AUTOSWE_PROXY_BASE', 'NO_COLOR', 'PATH'] as const;

/** The four panes of COMMANDS.md `attach`, each running this same autoswe with `--root`, so any cwd works. */
export function monitorPanes(self: string, root: string): PaneSpec[] {
  const autoswe = `${self} --root ${shellQuote(root)}`;
  return [
    { title: 'agent transcript', command: `${autoswe} watch-agent` },
    { title: 'status', command: `${autoswe} status --watch 5` },
    { title: 'gpu + proxy', command: `${autoswe} health --watch 5` },
    { title: 'verdicts', command: `${autoswe} verdicts --follow` },
  ];
}

/** How to run the autoswe that is running now: node and the launcher script, quoted for a shell. */
export function selfCommand(): string {
  const script = process.argv[1];
  if (script === undefined) return 'autoswe';
  return [process.execPath, realpathSync(script)].map(shellQuote).join(' ');
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
    panes: monitorPanes(selfCommand(), workspace.root),
  });
  return { tmux, name: MONITOR_SESSION, created: true, otherRoot: null };
}
