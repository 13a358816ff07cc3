import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink';
import { type Workspace, workspaceAt } from '../../src/core/runtime/workspace.js';
import { makeColors } from '../../src/render/colors.js';
import { App } from '../../src/tui/app.js';
import { type TuiController, workspaceController } from '../../src/tui/controller.js';

/** A terminal of a set size that keeps what Ink drew; `resize` acts like the window changing. */
class FakeTerminal extends EventEmitter {
  columns: number;
  rows: number;
  frames: string[] = [];
  constructor(columns: number, rows: number) {
    super();
    this.columns = columns;
    this.rows = rows;
  }
  write = (frame: string, ...rest: unknown[]) => {
    this.frames.push(frame);
    // Ink waits for write callbacks before it settles waitUntilExit.
    const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  lastFrame = () => this.frames[this.frames.length - 1] ?? '';
}

class FakeKeyboard extends EventEmitter {
  isTTY = true;
  #data: string | null = null;
  write(data: string) {
    this.#data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const data = this.#data;
    this.#data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/** A fresh workspace in a temp dir: autoswe.yaml, the runtime dir and docs/journey. */
export function tempWorkspace(): { workspace: Workspace; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'autoswe-tui-'));
  writeFileSync(join(root, 'autoswe.yaml'), 'name: test\n');
  const workspace = workspaceAt(root, {});
  mkdirSync(workspace.runtimeDir, { recursive: true });
  mkdirSync(workspace.paths.journeyDir, { recursive: true });
  return { workspace, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface Harness {
  readonly terminal: FakeTerminal;
  readonly frame: () => string;
  /** Types keys (a string of characters, or an escape sequence such as '\u001b[B'). */
  readonly press: (keys: string) => Promise<void>;
  /** Waits until the screen satisfies `check` (polled; fails with the last frame after `timeoutMs`). */
  readonly waitFor: (check: (frame: string) => boolean, timeoutMs?: number) => Promise<string>;
  readonly resize: (columns: number, rows: number) => void;
  readonly exited: Promise<unknown>;
  readonly unmount: () => void;
}

export interface HarnessOptions {
  readonly columns?: number;
  readonly rows?: number;
  readonly color?: boolean;
  readonly controller?: (base: TuiController) => TuiController;
}

/** Renders the real App over a real workspace, with fake probes so no network or nvidia-smi is touched. */
export function renderApp(workspace: Workspace, options: HarnessOptions = {}): Harness {
  const terminal = new FakeTerminal(options.columns ?? 80, options.rows ?? 24);
  const keyboard = new FakeKeyboard();
  const base = workspaceController(workspace, {
    env: { USER: 'tester' },
    debounceMs: 20,
    probes: {
      gpu: async () => ({ kind: 'absent' }),
      proxy: async () => ({ kind: 'healthy', statusCode: 200, latencyMs: 3 }),
      service: async () => ({ kind: 'unavailable', reason: 'no systemd --user in this test' }),
    },
  });
  const controller = options.controller ? options.controller(base) : base;
  const instance = render(<App controller={controller} colors={makeColors(options.color ?? false)} />, {
    stdout: terminal as unknown as NodeJS.WriteStream,
    stderr: new FakeTerminal(80, 24) as unknown as NodeJS.WriteStream,
    stdin: keyboard as unknown as NodeJS.ReadStream,
    debug: true,
    interactive: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const waitFor = async (check: (frame: string) => boolean, timeoutMs = 2000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = terminal.lastFrame();
      if (check(frame)) return frame;
      if (Date.now() > deadline) throw new Error(`screen never matched; last frame:\n${frame}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return {
    terminal,
    frame: terminal.lastFrame,
    async press(keys) {
      keyboard.write(keys);
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
    waitFor,
    resize(columns, rows) {
      terminal.columns = columns;
      terminal.rows = rows;
      terminal.emit('resize');
    },
    exited: instance.waitUntilExit(),
    unmount: () => instance.unmount(),
  };
}

export const KEYS = {
  down: '\u001b[B',
  up: '\u001b[A',
  left: '\u001b[D',
  right: '\u001b[C',
  pageDown: '\u001b[6~',
  escape: '\u001b',
  enter: '\r',
  backspace: '\u007f',
} as const;
