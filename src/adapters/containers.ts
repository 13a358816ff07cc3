import { execFile } from 'node:child_process';
import { findOnPath } from './path-lookup.js';

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

function exec(file: string, args: readonly string[]): Promise<Exec> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve({ code: 0, stdout, stderr });
      const code = typeof error.code === 'number' ? error.code : -1;
      const why = error.killed ? `no answer within ${TIMEOUT_MS / 1000} s` : stderr.trim() || error.message;
      resolve({ code, stdout, stderr: why });
    });
  });
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
    const answer = await exec(path, ['version']);
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

export async function inspectImage(engine: ContainerEngine, image: string): Promise<ImagePresence> {
  const answer = await exec(engine.path, ['image', 'inspect', '--format', '{{.Id}}', image]);
  if (answer.code === 0) return { image, present: true, detail: answer.stdout.trim().slice(0, 19) };
  return { image, present: false, detail: answer.stderr.split('\n')[0] ?? 'not found' };
}
