import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';

/** The demo's first prepared change (calc's multiply), which stand-in agents write to make cells GREEN. */
export const DEMO_MULTIPLY = readFileSync(
  join(REPO_ROOT, 'examples', 'demo', 'agent', 'steps', 'calc', '01-multiply', 'files', 'src', 'calc.mjs'),
  'utf8',
);

/** An agent that edits rules.yaml (at the root, outside the target) once, past any hook: for `withAgent`. */
export const RULES_TAMPERING_AGENT = [
  'agent:',
  '  adapter: command',
  `  command: ["sh", "-c", "test -e ../tampered-once || { echo '# looser' >> ../rules.yaml; touch ../tampered-once; }"]`,
  '',
].join('\n');

/** A config's text with its `agent:` block replaced by `agent` (YAML, ending in a newline). */
export function withAgent(configText: string, agent: string): string {
  return configText.replace(/^agent:\n(?: {2}.*\n)+/m, agent);
}

/** A demo workspace (copied example, git target, baseline) ready for `autoswe run`, tuned per test. */
export interface DemoWorkspace {
  readonly root: string;
  readonly config: string;
  readonly cleanup: () => void;
}

export async function setupDemo(
  options: {
    delayMs?: number;
    maxIters?: number;
    /** The bundled example (default: demo). */
    example?: string;
    /** Changes to autoswe.yaml beyond the ones above. */
    edit?: (text: string) => string;
  } = {},
): Promise<DemoWorkspace> {
  const { dir, cleanup } = tempDir('autoswe-loop-');
  const root = join(dir, 'ws');
  const example = options.example === undefined ? [] : ['--example', options.example];
  const result = await runCli(['demo', ...example, '--dir', root, '--setup-only']);
  if (result.code !== 0) throw new Error(`demo --setup-only failed: ${result.stderr}`);
  const config = join(root, 'autoswe.yaml');
  let text = options.edit?.(readFileSync(config, 'utf8')) ?? readFileSync(config, 'utf8');
  if (options.delayMs !== undefined) {
    text = text.replace('SCRIPTED_AGENT_DELAY_MS: "40"', `SCRIPTED_AGENT_DELAY_MS: "${options.delayMs}"`);
  }
  if (options.maxIters !== undefined) text = text.replace('max_iters: 10', `max_iters: ${options.maxIters}`);
  writeFileSync(config, text);
  // The config is protected: record its new hash as the operator would.
  const lock = await runCli(['lock-check', '--update'], { cwd: root });
  if (lock.code !== 0) throw new Error(`lock-check --update failed: ${lock.stderr}`);
  return { root, config, cleanup };
}

/** A step the scripted agent applies before the prepared ones of `module` (steps run in name order). */
export function addAgentStep(
  root: string,
  module: string,
  name: string,
  step: { plan: string; summary: string; bypass_hook?: boolean },
  files: Record<string, string>,
): void {
  const dir = join(root, 'agent', 'steps', module, name);
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, 'files', path);
    execFileSync('mkdir', ['-p', join(file, '..')]);
    writeFileSync(file, content);
  }
  writeFileSync(join(dir, 'step.json'), JSON.stringify(step));
}

export interface LiveRun {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `autoswe run --config` in the background (a user's terminal, minus colour). */
export function startRun(root: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): LiveRun {
  const child = spawn(process.execPath, [BIN, 'run', '--config', join(root, 'autoswe.yaml'), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const live: LiveRun = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    live.stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    live.stderr += chunk;
  });
  return live;
}

export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

export function readState(root: string): Record<string, unknown> {
  try {
    return readJson(join(root, '.autoswe', 'state.json'));
  } catch {
    return {};
  }
}

export function verdictLines(root: string): Record<string, unknown>[] {
  try {
    return readFileSync(join(root, '.autoswe', 'VERDICTS'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } catch {
    return [];
  }
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
}
