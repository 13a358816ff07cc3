import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runCaptured } from '../../adapters/sandbox.js';
import { shellQuote } from '../../base/shell.js';
import type { LoopConfig } from '../config/types.js';
import { stepView, withoutAnswerHints } from '../guard/program-view.js';
import type { StepStatus } from '../runtime/build-record.js';
import type { Workspace } from '../runtime/workspace.js';
import { firstErrorLine, formatSeconds } from './output.js';
import { toolCache } from './tool-cache.js';

export type { StepStatus };

/** A build or a check: commands run in order in the sandbox, all within one timeout. */
export interface StepSpec {
  readonly commands: readonly (readonly string[])[];
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly env: Readonly<Record<string, string>>;
}

export interface StepOutcome {
  readonly status: StepStatus;
  /** The command that failed or ran out of time; null when every command succeeded. */
  readonly failedCommand: readonly string[] | null;
  readonly exitCode: number | null;
  /** The first line of the failing command's output that looks like an error; null when ok. */
  readonly firstError: string | null;
  /** The full output, as written to `log`. */
  readonly output: string;
  /** Where the output was written (absolute), or null when not asked to. */
  readonly log: string | null;
  readonly durationMs: number;
  readonly timeoutMs: number;
  /** The abort signal stopped it: the outcome says nothing about the code. */
  readonly aborted: boolean;
}

export interface StepOptions {
  /** The environment the commands start from (the loop's or the command's); the step's own env goes on top. */
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal | undefined;
  /** Where the whole output goes, when given. */
  readonly log?: string | undefined;
}

/**
 * Runs the step's commands one after the other (stopping at the first failure) the way the loop runs
 * programs on cases: in the configured sandbox, the workspace readable, the target (and the tool caches)
 * writable. The whole output goes to `log` when given. Never throws for the commands' sake.
 */
export async function runStep(
  workspace: Workspace,
  config: LoopConfig,
  spec: StepSpec,
  options: StepOptions,
): Promise<StepOutcome> {
  const started = Date.now();
  const deadline = started + spec.timeoutMs;
  const cache = toolCache(workspace, config, spec.env);
  const parts: string[] = [];
  let end: Pick<StepOutcome, 'status' | 'failedCommand' | 'exitCode' | 'firstError'> = {
    status: 'ok',
    failedCommand: null,
    exitCode: 0,
    firstError: null,
  };
  for (const command of spec.commands) {
    if (options.signal?.aborted) break;
    parts.push(`$ ${command.map(shellQuote).join(' ')}    (in ${spec.cwd})\n`);
    const result = await runCaptured(
      config.sandbox,
      {
        command,
        cwd: spec.cwd,
        ...stepView(config, workspace.runtimeDir, spec.cwd),
        writable: [config.target, ...cache.writable],
        env: { ...withoutAnswerHints(options.env), ...cache.env, ...spec.env },
      },
      { timeoutMs: Math.max(1, deadline - Date.now()), signal: options.signal },
    );
    parts.push(withNewline(result.stdout), withNewline(result.stderr));
    const seconds = `${(result.durationMs / 1000).toFixed(1)} s`;
    if (result.spawnError !== null) {
      const why = `cannot run: ${result.spawnError}`;
      parts.push(`[${why}]\n`);
      end = { status: 'failed', failedCommand: command, exitCode: null, firstError: why };
      break;
    }
    if (result.timedOut) {
      parts.push(`[killed: the time limit of ${formatSeconds(spec.timeoutMs)} ran out after ${seconds}]\n`);
      end = {
        status: 'timed-out',
        failedCommand: command,
        exitCode: null,
        firstError: firstErrorLine(`${result.stderr}\n${result.stdout}`),
      };
      break;
    }
    const exit = result.signal === null ? `exit ${result.code}` : `killed by ${result.signal}`;
    parts.push(`[${exit} after ${seconds}]\n`);
    if (result.code !== 0) {
      end = {
        status: 'failed',
        failedCommand: command,
        exitCode: result.code,
        firstError: firstErrorLine(`${result.stderr}\n${result.stdout}`) ?? `${command[0]}: ${exit}`,
      };
      break;
    }
  }
  const output = parts.join('');
  if (options.log !== undefined) {
    mkdirSync(dirname(options.log), { recursive: true });
    writeFileSync(options.log, output);
  }
  return {
    ...end,
    output,
    log: options.log ?? null,
    durationMs: Date.now() - started,
    timeoutMs: spec.timeoutMs,
    aborted: options.signal?.aborted === true,
  };
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
