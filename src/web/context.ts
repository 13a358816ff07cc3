import type { Workspace } from '../core/runtime/workspace.js';
import type { StatusProbes } from '../core/status/model.js';
import type { Assets } from './assets.js';
import type { LiveFeed } from './live.js';

/** Everything the routes need, fixed when the server starts. */
export interface WebOptions {
  readonly workspace: Workspace;
  readonly env: NodeJS.ProcessEnv;
  /** Hide the decision buttons and refuse every state change. */
  readonly readOnly: boolean;
  /** When set, every request must carry it (required for a non-loopback bind). */
  readonly token?: string | undefined;
  /** Bound to a loopback address: requests must name a loopback host (DNS-rebinding guard). */
  readonly loopbackOnly: boolean;
  readonly feed: LiveFeed;
  readonly probes: StatusProbes;
  readonly assets: Assets;
  /** Where unexpected errors are reported (the server's stderr). */
  readonly log?: ((line: string) => void) | undefined;
}
