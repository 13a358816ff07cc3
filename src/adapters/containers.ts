import { findOnPath } from './path-lookup.js';
import { runProgram } from './spawn.js';

/** The one adapter over a container engine (docker or podman), for `autoswe images`. */

const ENGINES = ['docker', 'podman'] as const;
const TIMEOUT_MS = 5_000;

export interface ContainerEngine {
  readonly name: (typeof ENGINES)[number];
  readonly path: string;
}

export type EngineProbe =
  | { readonly kind: 'found'; readonly engine: ContainerEngine }
  /** `tried` says, per engine, why it did not answer (not installed, daemon down). */
  | { readonly kind: 'none'; readonly tried: readonly string[] };

interface Exec {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Asks the engine; on failure `stderr` is the reason (its message, no answer in time, cannot run). */
async function exec(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Exec> {
  const result = await runProgram(file, args, { env, timeoutMs: TIMEOUT_MS, graceMs: 0 });
  if (result.code === 0) return { code: 0, stdout: result.stdout, stderr: result.stderr };
  const why = result.timedOut
    ? `no answer within ${TIMEOUT_MS / 1000} s`
    : result.stderr.trim() || result.error || `exit ${result.code}`;
  return { code: result.code ?? -1, stdout: result.stdout, stderr: why };
}

/** The first engine that is installed and answers `version`. */
export async function probeEngine(env: NodeJS.ProcessEnv): Promise<EngineProbe> {
  const tried: string[] = [];
  for (const name of ENGINES) {
    const path = findOnPath(name, env);
    if (path === undefined) {
      tried.push(`${name}: not installed`);
      continue;
    }
    const answer = await exec(path, ['version'], env);
    if (answer.code === 0) return { kind: 'found', engine: { name, path } };
    tried.push(`${name}: ${answer.stderr.split('\n').pop() ?? 'no answer'}`);
  }
  return { kind: 'none', tried };
}

export interface ImagePresence {
  readonly image: string;
  readonly present: boolean;
  /** The image id when present, else the engine's reason. */
  readonly detail: string;
}

export async function inspectImage(
  engine: ContainerEngine,
  image: string,
  env: NodeJS.ProcessEnv,
): Promise<ImagePresence> {
  const answer = await exec(engine.path, ['image', 'inspect', '--format', '{{.Id}}', image], env);
  if (answer.code === 0) return { image, present: true, detail: answer.stdout.trim().slice(0, 19) };
  return { image, present: false, detail: answer.stderr.split('\n')[0] ?? 'not found' };
}
