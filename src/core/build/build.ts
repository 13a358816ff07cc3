import { AutosweError, EXIT_USAGE } from '../../base/errors.js';
import type { CheckConfig, LoopConfig } from '../config/types.js';
import type { Workspace } from '../runtime/workspace.js';
import { runStep, type StepOptions, type StepOutcome } from './step.js';

export interface CheckOutcome {
  readonly check: CheckConfig;
  readonly outcome: StepOutcome;
}

/** Runs `build:` (null when the config has none); its whole output goes to `log` when given. */
export async function runBuild(
  workspace: Workspace,
  config: LoopConfig,
  options: StepOptions,
): Promise<StepOutcome | null> {
  const build = config.build;
  if (build === null) return null;
  return runStep(
    workspace,
    config,
    { commands: build.commands, cwd: build.cwd, timeoutMs: build.timeout_ms, env: build.env },
    options,
  );
}

/**
 * Runs every check in config order, each whether or not an earlier one failed (the verdict records them
 * all); stops early only when the signal aborts. `logFor(name)` says where each check's output goes.
 */
export async function runChecks(
  workspace: Workspace,
  config: LoopConfig,
  options: Omit<StepOptions, 'log'> & { readonly logFor?: (name: string) => string },
): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const check of config.checks) {
    if (options.signal?.aborted) break;
    const outcome = await runStep(
      workspace,
      config,
      { commands: [check.command], cwd: check.cwd, timeoutMs: check.timeout_ms, env: check.env },
      { env: options.env, signal: options.signal, log: options.logFor?.(check.name) },
    );
    outcomes.push({ check, outcome });
  }
  return outcomes;
}

/**
 * `verify-cells --build`, `baseline-capture --build`: the build, run by hand before (or after) the cases.
 * Refuses (exit 2) a config without `build:`; an interrupted build is an error naming `what`.
 */
export async function buildOnRequest(
  workspace: Workspace,
  config: LoopConfig,
  what: string,
  options: { readonly env: NodeJS.ProcessEnv; readonly signal: AbortSignal },
): Promise<StepOutcome> {
  const outcome = await runBuild(workspace, config, options);
  if (outcome === null) {
    throw new AutosweError(
      `${what} --build: ${config.file} has no build: key (docs/CONFIG.md, "build")`,
      EXIT_USAGE,
    );
  }
  if (outcome.aborted) throw new AutosweError(`${what} interrupted during the build`);
  return outcome;
}
