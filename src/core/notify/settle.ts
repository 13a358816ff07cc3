import { statSync } from 'node:fs';
import { readNotifyCursor } from '../runtime/events.js';
import type { Workspace } from '../runtime/workspace.js';
import { mentionsNotify } from './kick.js';

/**
 * Waits, at most `timeoutMs`, until the notifier has handled every recorded event. Only for the end of a
 * run under systemd: when the service's main process exits, systemd kills the rest of its cgroup, the
 * background notifier sending `run.ended` included. Never called while the loop works.
 */
export async function awaitDelivery(
  workspace: Workspace,
  configFile: string,
  timeoutMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<boolean> {
  if (!mentionsNotify(configFile)) return true;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const size = statSync(workspace.paths.events, { throwIfNoEntry: false })?.size ?? 0;
    if ((readNotifyCursor(workspace)?.offset ?? 0) >= size) return true;
    if (Date.now() >= deadline) return false;
    await sleep(250);
  }
}
