import { AutosweError } from '../base/errors.js';
import { findOnPath } from './path-lookup.js';
import { failureDetail, runInheritedSync, runProgramSync } from './spawn.js';

/*
 * Synchronous on purpose (the spawn adapter's sync forms): attaching from the TUI must block its event
 * loop while tmux owns the terminal, and building a session is a dozen quick client calls made in line.
 */

/** One pane of a session: a title and the shell command it runs. */
export interface PaneSpec {
  readonly title: string;
  readonly command: string;
}

export interface SessionSpec {
  readonly name: string;
  /** Working directory of every pane. */
  readonly cwd: string;
  readonly panes: readonly PaneSpec[];
  /** Session environment for the panes (the tmux server may have been started with another one). */
  readonly env: Readonly<Record<string, string>>;
  /** Recorded as the session option `@autoswe_root`, so a later attach can tell which workspace it shows. */
  readonly root: string;
}

export const TMUX_MISSING =
  'tmux is not installed (no tmux on PATH); install it (e.g. apt install tmux) to use attach';

/** The tmux program, or a clear error saying it is missing. */
export function requireTmux(env: NodeJS.ProcessEnv): string {
  const tmux = findOnPath('tmux', env);
  if (tmux === undefined) throw new AutosweError(TMUX_MISSING);
  return tmux;
}

/** Runs a tmux command and returns its stdout; a failure is an error naming the tmux command. */
function tmux(program: string, env: NodeJS.ProcessEnv, args: readonly string[]): string {
  const result = runProgramSync(program, args, { env });
  if (result.spawnError !== null) throw new AutosweError(`tmux ${args[0]}: ${result.spawnError}`);
  if (result.code !== 0) throw new AutosweError(`tmux ${args[0]} failed: ${failureDetail(result)}`);
  return result.stdout;
}

export function hasSession(program: string, env: NodeJS.ProcessEnv, name: string): boolean {
  // `=name` matches the name exactly, not as a prefix.
  return runProgramSync(program, ['has-session', '-t', `=${name}`], { env }).code === 0;
}

/** The workspace root a session was created for, or null when it has no such mark. */
export function sessionRoot(program: string, env: NodeJS.ProcessEnv, name: string): string | null {
  const result = runProgramSync(program, ['show-options', '-v', '-t', name, '@autoswe_root'], { env });
  const value = result.code === 0 ? result.stdout.trim() : '';
  return value === '' ? null : value;
}

/** Creates a detached session with its panes tiled, each titled and kept on screen if its command exits. */
export function createSession(program: string, env: NodeJS.ProcessEnv, spec: SessionSpec): void {
  const [first, ...rest] = spec.panes;
  if (first === undefined) throw new AutosweError('a tmux session needs at least one pane');
  const envArgs = Object.entries(spec.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
  const target = `${spec.name}:`;
  tmux(program, env, [
    'new-session',
    '-d',
    '-s',
    spec.name,
    '-x',
    '200',
    '-y',
    '50',
    '-c',
    spec.cwd,
    ...envArgs,
    first.command,
  ]);
  try {
    tmux(program, env, ['set-option', '-t', spec.name, '@autoswe_root', spec.root]);
    tmux(program, env, ['set-option', '-w', '-t', target, 'remain-on-exit', 'on']);
    tmux(program, env, ['set-option', '-w', '-t', target, 'pane-border-status', 'top']);
    tmux(program, env, ['select-pane', '-t', `${target}.0`, '-T', first.title]);
    for (const pane of rest) {
      // Title the new pane by its id: an untargeted select-pane would title the caller's own pane when
      // attach runs inside tmux, and leave this one unnamed.
      const id = tmux(program, env, [
        ...['split-window', '-P', '-F', '#{pane_id}', '-t', target, '-c', spec.cwd],
        ...[...envArgs, pane.command],
      ]).trim();
      tmux(program, env, ['select-pane', '-t', id, '-T', pane.title]);
      tmux(program, env, ['select-layout', '-t', target, 'tiled']);
    }
    tmux(program, env, ['select-pane', '-t', `${target}.0`]);
  } catch (error) {
    // A half-built session would be attached to later as if it were whole: remove it.
    runProgramSync(program, ['kill-session', '-t', spec.name], { env });
    throw error;
  }
}

export interface PaneInfo {
  readonly index: number;
  readonly title: string;
  readonly command: string;
}

export function listPanes(program: string, env: NodeJS.ProcessEnv, name: string): PaneInfo[] {
  const out = tmux(program, env, [
    'list-panes',
    '-t',
    `=${name}:`,
    '-F',
    '#{pane_index}\t#{pane_title}\t#{pane_start_command}',
  ]);
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [index = '0', title = '', ...command] = line.split('\t');
      return { index: Number(index), title, command: command.join('\t') };
    });
}

/**
 * Shows the session: `switch-client` when already inside tmux (no nesting), else `attach-session` on this
 * terminal, returning when the operator detaches.
 */
export function showSession(program: string, env: NodeJS.ProcessEnv, name: string): void {
  const insideTmux = env.TMUX !== undefined && env.TMUX !== '';
  const args = insideTmux ? ['switch-client', '-t', name] : ['attach-session', '-t', name];
  const result = runInheritedSync(program, args, { env });
  if (result.spawnError !== null) throw new AutosweError(`tmux ${args[0]}: ${result.spawnError}`);
  if (result.code !== 0) throw new AutosweError(`tmux ${args[0]} -t ${name} failed (exit ${result.code})`);
}
