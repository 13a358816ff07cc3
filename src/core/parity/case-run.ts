import { CAPTURE_MAX_BYTES, runCaptured, type SandboxResult } from '../../adapters/sandbox.js';
import { fillPlaceholders } from '../../base/placeholders.js';
import type { ToolCache } from '../build/tool-cache.js';
import type { LoopConfig } from '../config/types.js';
import type { CaseFile } from './cases.js';

export type Implementation = 'legacy' | 'new';

/** How the cases run: the environment they start from (the config's `env` goes over it), and a stop. */
export interface CaseRunOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Aborting stops every running case (its whole process group). */
  readonly signal?: AbortSignal | undefined;
  /** The tool caches the new program may write (core/build/tool-cache.ts); the legacy one gets none. */
  readonly cache?: ToolCache | undefined;
}

/**
 * Runs the legacy or the new program on one case, the way the loop runs checks: in the configured sandbox,
 * with the workspace readable and only the target writable (for the new program), within its timeout.
 */
export function runOnCase(
  config: LoopConfig,
  which: Implementation,
  testCase: CaseFile,
  options: CaseRunOptions,
): Promise<SandboxResult> {
  const program = config[which];
  const cache = options.cache;
  const command = fillPlaceholders(program.command, {
    case: testCase.path,
    module: testCase.module,
    cell: testCase.cell,
    workdir: config.target,
  });
  return runCaptured(
    config.sandbox,
    {
      command,
      cwd: program.cwd,
      readable: [config.root, program.cwd],
      writable: which === 'new' ? [config.target, ...(cache?.writable ?? [])] : [],
      env: {
        ...options.env,
        ...(which === 'new' ? cache?.env : {}),
        ...program.env,
        AUTOSWE_CASE: testCase.path,
        AUTOSWE_MODULE: testCase.module,
        AUTOSWE_CELL: testCase.cell,
      },
    },
    { timeoutMs: program.timeout_ms, signal: options.signal },
  );
}

/** Why a run's stdout cannot be trusted as the program's answer, or null when it ran to an exit. */
export function runFailure(result: SandboxResult, timeoutMs: number): string | null {
  if (result.spawnError !== null) return `cannot run: ${result.spawnError}`;
  if (result.timedOut) return `timed out after ${timeoutMs} ms`;
  if (result.signal !== null) return `killed by ${result.signal}`;
  if (result.truncated.stdout)
    return `printed more than ${CAPTURE_MAX_BYTES >> 20} MiB on stdout (cut there)`;
  return null;
}

/** The first line of stderr, for details that say why a program failed. */
export function firstStderrLine(result: SandboxResult): string {
  return (result.stderr.trim().split('\n')[0] ?? '').slice(0, 120);
}
