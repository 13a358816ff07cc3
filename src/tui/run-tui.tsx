import { render } from 'ink';
import type { Workspace } from '../core/runtime/workspace.js';
import { makeColors } from '../render/colors.js';
import { App } from './app.js';
import { workspaceController } from './controller.js';

export interface TuiOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly color: boolean;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

/** Draws the TUI full-screen until the operator quits. */
export async function runTui(workspace: Workspace, options: TuiOptions): Promise<void> {
  const controller = workspaceController(workspace, { env: options.env });
  const instance = render(<App controller={controller} colors={makeColors(options.color)} />, {
    stdin: options.stdin,
    stdout: options.stdout,
    stderr: options.stderr,
    // We only get here on a terminal; Ink would otherwise draw nothing but the last frame under CI=true.
    interactive: true,
    alternateScreen: true,
    patchConsole: false,
    exitOnCtrlC: true,
  });
  // A terminal closed or a kill should still leave the alternate screen and restore the terminal.
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];
  const stop = () => instance.unmount();
  for (const signal of signals) process.once(signal, stop);
  try {
    await instance.waitUntilExit();
  } finally {
    for (const signal of signals) process.off(signal, stop);
  }
}
