import { corruptStateError, readState, updateState } from '../runtime/state.js';
import type { Workspace } from '../runtime/workspace.js';
import { type PreflightReport, runPreflight } from '../setup/preflight.js';

export interface AutonomousOutcome {
  readonly enabled: boolean;
  readonly preflight: PreflightReport;
}

/**
 * Sets `autonomous: true` in state.json only when every preflight check passes (baseline and lock-check
 * are among them); otherwise leaves the state as it was.
 */
export async function enableAutonomous(
  workspace: Workspace,
  env: NodeJS.ProcessEnv,
): Promise<AutonomousOutcome> {
  const state = readState(workspace);
  if (state.kind === 'corrupt') throw corruptStateError(workspace, state.message);
  const preflight = await runPreflight(workspace, env);
  if (!preflight.ok) return { enabled: false, preflight };
  await updateState(workspace, () => ({ autonomous: true }));
  return { enabled: true, preflight };
}
