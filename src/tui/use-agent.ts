import { useEffect, useState } from 'react';
import type { TuiController } from './controller.js';

/** Lines of the active transcript kept for the panel and the full-transcript view. */
export const AGENT_KEEP_LINES = 5000;

export interface AgentActivity {
  readonly path: string | null;
  readonly lines: readonly string[];
}

/** The active agent transcript, followed through file watching while the TUI is open. */
export function useAgent(controller: TuiController): AgentActivity {
  const [activity, setActivity] = useState<AgentActivity>({ path: null, lines: [] });
  useEffect(() => {
    const follower = controller.followAgent(AGENT_KEEP_LINES, (path, lines) => setActivity({ path, lines }));
    return () => follower.close();
  }, [controller]);
  return activity;
}
