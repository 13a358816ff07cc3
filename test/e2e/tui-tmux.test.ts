import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, initWorkspace, runCli } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { PrivateTmux, sh, tmuxInstalled } from '../helpers/tmux.js';

const skip = componentMissing('tmux', tmuxInstalled(), 'the TUI end-to-end tests drive it in a real tmux');
const PANE = 'tui:0.0';
const ESC = String.fromCharCode(27);
/** Any SGR (colour/style) sequence, and one that turns something on (not a bare reset). */
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`);
const COLOUR_ON = new RegExp(`${ESC}\\[[0-9;]*[1-9][0-9;]*m`);

describe.skipIf(skip)('the TUI in a real terminal (tmux, 80x24)', () => {
  let root: string;
  let cleanup = () => {};
  let tmux: PrivateTmux;

  beforeEach(async () => {
    const ws = await initWorkspace();
    root = ws.root;
    cleanup = ws.cleanup;
    tmux = new PrivateTmux({ AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9', USER: 'operator' });
  });
  afterEach(() => {
    tmux.close();
    cleanup();
  });

  /** Starts `autoswe` (no subcommand) in a detached 80x24 session; reports its exit code on screen. */
  const startTui = (extraEnv = '') => {
    const command = `${extraEnv} ${sh(process.execPath)} ${sh(BIN)} --root ${sh(root)}; echo "TUI EXITED $?"; sleep 60`;
    tmux.ok(['new-session', '-d', '-s', 'tui', '-x', '80', '-y', '24', command]);
  };
  const pause = () => join(root, '.autoswe', 'PAUSE');
  const pauseHard = () => join(root, '.autoswe', 'PAUSE_HARD');

  it('p, r, P, ?, q: each key acts on the sentinels and the screen shows it', async () => {
    startTui('NO_COLOR=1');
    let screen = await tmux.waitForScreen(PANE, (text) => text.includes('pause      running'), 15_000);
    expect(screen).toContain('q:quit');

    tmux.keys(PANE, 'p');
    await tmux.waitForScreen(PANE, (text) => text.includes('reason (optional'));
    tmux.keys(PANE, 'disk nearly full', true);
    tmux.keys(PANE, 'Enter');
    screen = await tmux.waitForScreen(PANE, (text) => text.includes('SOFT PAUSED - '));
    expect(readFileSync(pause(), 'utf8')).toMatch(/operator: disk nearly full/);
    expect(existsSync(pauseHard())).toBe(false);

    tmux.keys(PANE, 'r');
    await tmux.waitForScreen(PANE, (text) => text.includes('pause      running'));
    expect(existsSync(pause())).toBe(false);

    tmux.keys(PANE, 'P');
    await tmux.waitForScreen(PANE, (text) => text.includes('HARD PAUSE: deny every agent tool call now?'));
    tmux.keys(PANE, 'y');
    await tmux.waitForScreen(PANE, (text) => text.includes('pause      HARD PAUSED'));
    expect(existsSync(pause())).toBe(true);
    expect(existsSync(pauseHard())).toBe(true);

    tmux.keys(PANE, 'r');
    await tmux.waitForScreen(PANE, (text) => text.includes('pause      running'));
    expect(existsSync(pauseHard())).toBe(false);

    tmux.keys(PANE, '?');
    await tmux.waitForScreen(PANE, (text) => text.includes('this help'));
    tmux.keys(PANE, '?');
    await tmux.waitForScreen(PANE, (text) => text.includes('pause      running'));

    tmux.keys(PANE, 'q');
    await tmux.waitForScreen(PANE, (text) => text.includes('TUI EXITED 0'));
  }, 90_000);

  it('a leaves the TUI for the tmux session autoswe and comes back when the operator detaches', async () => {
    startTui('NO_COLOR=1 env -u TMUX');
    await tmux.waitForScreen(PANE, (text) => text.includes('pause      running'));
    tmux.keys(PANE, 'a');
    await tmux.waitFor(
      () => tmux.run(['list-clients', '-F', '#{client_session}']).stdout.includes('autoswe'),
      'the TUI attached to session autoswe',
      10_000,
    );
    expect(
      tmux.ok(['list-panes', '-t', 'autoswe:', '-F', '#{pane_start_command}']).trim().split('\n'),
    ).toHaveLength(4);
    tmux.ok(['detach-client', '-s', 'autoswe']);
    await tmux.waitForScreen(
      PANE,
      (text) => text.includes('back from tmux') && text.includes('pause      running'),
    );
    tmux.keys(PANE, 'p');
    await tmux.waitForScreen(PANE, (text) => text.includes('reason (optional'));
  });

  it('shows a change another process makes without a key press, through the file watch', async () => {
    startTui('NO_COLOR=1');
    await tmux.waitForScreen(
      PANE,
      (text) => text.includes('UNINITIALIZED') && text.includes('no verdicts yet'),
    );
    writeFileSync(
      join(root, '.autoswe', 'state.json'),
      JSON.stringify({ status: 'RUNNING', iter: 4, vertex: 'judge' }),
    );
    appendFileSync(
      join(root, '.autoswe', 'VERDICTS'),
      `${JSON.stringify({ at: new Date().toISOString(), epoch: 0, iter: 4, module: 'lexer', verdict: 'REVERT', reason: 'r' })}\n`,
    );
    // The 5 s probe tick re-reads state.json but not VERDICTS: only the file watch redraws the verdicts
    // panel. The deadline is for a loaded machine, not the target: bench/live.mjs measures the latency.
    await tmux.waitForScreen(
      PANE,
      (text) => text.includes('vertex judge') && /REVERT.*lexer|lexer.*REVERT/.test(text),
      15_000,
    );
  });

  it('fits 80x24 and redraws on resize', async () => {
    startTui('NO_COLOR=1');
    const screen = await tmux.waitForScreen(PANE, (text) => text.includes('q:quit'));
    expect(screen.split('\n').every((line) => line.length <= 80)).toBe(true);
    tmux.ok(['resize-window', '-t', 'tui', '-x', '120', '-y', '30']);
    await tmux.waitForScreen(PANE, (text) => text.includes('s sync  p pause'));
  });

  it('draws colour on a terminal, and none with NO_COLOR', async () => {
    startTui('NO_COLOR= FORCE_COLOR=');
    await tmux.waitForScreen(PANE, (text) => text.includes('pause      running'));
    expect(tmux.capture(PANE, true)).toMatch(SGR);
    tmux.keys(PANE, 'q');
    await tmux.waitForScreen(PANE, (text) => text.includes('TUI EXITED 0'));
    tmux.ok(['kill-session', '-t', 'tui']);

    startTui('NO_COLOR=1');
    await tmux.waitForScreen(PANE, (text) => text.includes('pause      running'));
    expect(tmux.capture(PANE, true)).not.toMatch(COLOUR_ON);
  });
});

describe.skipIf(skip)('the TUI console panels in a real terminal (tmux)', () => {
  let root: string;
  let cleanup = () => {};
  let tmux: PrivateTmux;

  beforeEach(async () => {
    const ws = await initWorkspace();
    root = ws.root;
    cleanup = ws.cleanup;
    tmux = new PrivateTmux({ AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9', USER: 'operator' });
  });
  afterEach(() => {
    tmux.close();
    cleanup();
  });

  const line = (text: string) =>
    `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text }] } })}\n`;

  for (const [columns, rows] of [
    [80, 24],
    [160, 50],
  ] as const) {
    it(`shows the live agent activity at ${columns}x${rows}: a line appended appears without a key press`, async () => {
      const transcripts = join(root, '.autoswe', 'transcripts');
      mkdirSync(transcripts, { recursive: true });
      const transcript = join(transcripts, 'run1-iter-2.jsonl');
      writeFileSync(transcript, line('Looking at the parser.'));
      writeFileSync(join(root, '.autoswe', 'ACTIVE'), `${transcript}\n`);
      const command = `NO_COLOR=1 ${sh(process.execPath)} ${sh(BIN)} --root ${sh(root)}; sleep 60`;
      tmux.ok(['new-session', '-d', '-s', 'tui', '-x', String(columns), '-y', String(rows), command]);
      const screen = await tmux.waitForScreen(PANE, (text) => text.includes('Looking at the parser.'));
      for (const title of [' status · ', ' agent · run1-iter-2.jsonl', ' recent verdicts ', ' events ']) {
        expect(screen).toContain(title);
      }
      expect(screen.split('\n').every((row) => row.length <= columns)).toBe(true);
      appendFileSync(transcript, line('The parser cells pass now.'));
      // Only the transcript's file watch shows it (no tick reads it); the deadline is for a loaded machine.
      await tmux.waitForScreen(PANE, (text) => text.includes('The parser cells pass now.'), 15_000);
      tmux.keys(PANE, 't');
      await tmux.waitForScreen(PANE, (text) => text.includes('agent transcript (live)'));
      tmux.keys(PANE, 'Escape');
      tmux.keys(PANE, 'e');
      await tmux.waitForScreen(
        PANE,
        (text) => text.includes('event history') && text.includes('no events yet'),
      );
    });
  }
});

describe('the TUI without a terminal', () => {
  it('prints the status once and exits 0 when stdin/stdout are not a TTY', async () => {
    const ws = await initWorkspace();
    try {
      const result = await runCli([], { cwd: ws.root, env: { AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9' } });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/pause\s+running/);
      expect(result.stdout).not.toMatch(SGR);
      const json = await runCli(['tui', '--json'], {
        cwd: ws.root,
        env: { AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9' },
      });
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ root: ws.root, pause: { kind: 'running' } });
      // With no command, options are the TUI's: `autoswe --json` is `autoswe tui --json`.
      const bare = await runCli(['--json'], {
        cwd: ws.root,
        env: { AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9' },
      });
      expect(bare.stderr).toBe('');
      expect(bare.code).toBe(0);
      expect(JSON.parse(bare.stdout)).toMatchObject({ root: ws.root, pause: { kind: 'running' } });
    } finally {
      ws.cleanup();
    }
  });
});
