import { AutosweError } from '../base/errors.js';
import type { CommandContext } from '../cli/context.js';
import { buildOnRequest } from '../core/build/build.js';
import { tailOf } from '../core/build/output.js';
import { type BuildRecord, buildReason, stepRecord } from '../core/build/records.js';
import type { LoopConfig } from '../core/config/types.js';
import type { Workspace } from '../core/runtime/workspace.js';

/**
 * `--build` of verify-cells and baseline-capture: runs the configured build; when it fails, prints the end
 * of its output on stderr and throws `<what>: build failed: <first error line>; <consequence>` (exit 1).
 */
export async function buildFirst(
  ctx: CommandContext,
  workspace: Workspace,
  config: LoopConfig,
  signal: AbortSignal,
  what: string,
  consequence: string,
): Promise<BuildRecord> {
  const outcome = await buildOnRequest(workspace, config, what, { env: ctx.env, signal });
  const record = stepRecord(outcome);
  const why = buildReason(record);
  if (why === null) return record;
  ctx.err(tailOf(outcome.output).text);
  throw new AutosweError(`${what}: ${why}; ${consequence}`);
}
