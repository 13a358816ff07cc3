import { CAPTURE_MAX_BYTES, runCaptured, type SandboxResult } from '../../adapters/sandbox.js';
import { fillPlaceholders } from '../../base/placeholders.js';
import type { ToolCache } from '../build/tool-cache.js';
import type { LoopConfig } from '../config/types.js';
import { caseRunView, withoutAnswerHints } from '../guard/program-view.js';
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

/** The runtime dir is masked in every case run (core/guard/program-view.ts). */
export interface CaseRunWhere extends CaseRunOptions {
  readonly runtimeDir: string;
}

/**
 * Runs the legacy or the new program on one case, the way the loop runs checks: in the configured sandbox,
 * with the workspace readable and only the target writable (for the new program), within its timeout.
 * What each may not see (the runtime dir with the baseline; the legacy program for the new one; the new
 * program for the legacy one) is masked under bwrap, and the new program gets no variable naming the
 * baseline's module or cell (core/guard/program-view.ts, docs/SECURITY.md).
 */
export function runOnCase(
  config: LoopConfig,
  which: Implementation,
  testCase: CaseFile,
  options: CaseRunWhere,
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
      ...caseRunView(config, which, options.runtimeDir, testCase.path),
      writable: which === 'new' ? [config.target, ...(cache?.writable ?? [])] : [],
      env:
        which === 'new'
          ? {
              ...withoutAnswerHints(options.env),
              ...cache?.env,
              ...program.env,
              AUTOSWE_CASE: testCase.path,
            }
          : {
              ...options.env,
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
