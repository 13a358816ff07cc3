import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a tmux binary runs here. */
export function tmuxInstalled(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

/**
 * A tmux server of its own (TMUX_TMPDIR in a temp dir), so tests never touch an operator's sessions.
 * `env` is what child processes (autoswe attach, panes) need to reach this same server.
 */
export class PrivateTmux {
  readonly dir = mkdtempSync(join(tmpdir(), 'autoswe-tmux-'));
  readonly env: NodeJS.ProcessEnv;

  constructor(extraEnv: NodeJS.ProcessEnv = {}) {
    this.env = { ...process.env, TMUX_TMPDIR: this.dir, TMUX: '', TMUX_PANE: '', ...extraEnv };
    delete this.env.TMUX;
    delete this.env.TMUX_PANE;
  }

  run(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync('tmux', args, { env: this.env, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs a tmux command that must succeed, returning its stdout. */
  ok(args: readonly string[]): string {
    const result = this.run(args);
    if (result.code !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** What a pane shows now (`-e` keeps colour codes). */
  capture(target: string, withEscapes = false): string {
    return this.ok(['capture-pane', '-p', ...(withEscapes ? ['-e'] : []), '-t', target]);
  }

  /** Polls the pane until `check` holds; fails with the screen it last saw. */
  async waitForScreen(
    target: string,
    check: (screen: string) => boolean,
    timeoutMs = 10_000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    for (;;) {
      try {
        screen = this.capture(target);
      } catch (error) {
        screen = String(error);
      }
      if (check(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`pane ${target} never matched; it shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Types keys into a pane; `literal` sends text as is rather than as key names. */
  keys(target: string, keys: string, literal = false): void {
    this.ok(['send-keys', '-t', target, ...(literal ? ['-l'] : []), keys]);
  }

  close(): void {
    this.run(['kill-server']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Quotes a word for the shell tmux runs commands with. */
export function sh(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
