import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { registerLoop, writeFleetYaml, writeLoop } from '../helpers/fleet.js';
import { PrivateTmux, sh, tmuxInstalled } from '../helpers/tmux.js';

const skip = componentMissing('tmux', tmuxInstalled(), 'the fleet TUI is driven in a real tmux');
const PANE = 'fleet:0.0';

describe.skipIf(skip)('tui --fleet in a real terminal (tmux, 100x24)', () => {
  let scratch: { dir: string; cleanup: () => void };
  let home: string;
  let tmux: PrivateTmux;

  beforeAll(() => {
    scratch = tempDir();
    home = join(scratch.dir, 'home');
    for (const [name, loop] of [
      ['alpha', { status: 'RUNNING', heartbeatAgeMs: 1_000, green: 2, total: 4 }],
      ['beta', { status: 'WEDGE_PAUSED', reason: 'no heartbeat for 20 min' }],
      ['gamma', { status: 'DONE', green: 3, total: 3 }],
    ] as const) {
      const root = join(scratch.dir, name);
      writeLoop(root, loop);
      registerLoop(home, name, root);
    }
    // A remote host nobody answers for: shown unreachable in its row.
    writeFleetYaml(home, '- name: far-away\n  url: http://127.0.0.1:9\n');
    tmux = new PrivateTmux({
      HOME: home,
      XDG_CONFIG_HOME: '',
      XDG_RUNTIME_DIR: '',
      NO_COLOR: '1',
      AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9',
    });
    const command = `${sh(process.execPath)} ${sh(BIN)} tui --fleet; echo "FLEET EXITED $?"; sleep 60`;
    tmux.ok(['new-session', '-d', '-s', 'fleet', '-x', '100', '-y', '24', command]);
  });
  afterAll(() => {
    tmux?.close();
    scratch?.cleanup();
  });

  const row = (screen: string, name: string) =>
    screen.split('\n').find((line) => line.includes(` ${name} `)) ?? '';

  it('lists every loop most urgent first, the first one selected, its keys in the footer', async () => {
    const screen = await tmux.waitForScreen(
      PANE,
      (text) => text.includes('far-away') && text.includes('gamma'),
      15_000,
    );
    const names = screen
      .split('\n')
      .map((line) => /^[› ] (\S+)\s/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined && name !== 'NAME');
    expect(names).toEqual(['beta', 'far-away', 'alpha', 'gamma']);
    expect(row(screen, 'beta')).toMatch(/^› beta\s+\S+\s+WEDGE_PAUSED\s+wedge/);
    expect(row(screen, 'far-away')).toMatch(
      /UNREACHABLE\s+127\.0\.0\.1:9: connection refused \(ECONNREFUSED\)/,
    );
    expect(row(screen, 'alpha')).toContain('2/4 █████░░░░░');
    expect(screen).toContain('↑↓ select  Enter open  s sync  q quit');
  });

  it('follows a change in a local loop without a key pressed', async () => {
    writeFileSync(join(scratch.dir, 'gamma', '.autoswe', 'PAUSE_HARD'), 'hard\n');
    const screen = await tmux.waitForScreen(PANE, (text) => /gamma\s+\S+\s+DONE\s+hard/.test(text));
    expect(row(screen, 'gamma')).toMatch(/DONE\s+hard/);
  });

  it('Enter on a remote loop names its host; on a local one opens its TUI, and q comes back', async () => {
    const orderNow = (screen: string) =>
      screen
        .split('\n')
        .map((line) => /^[› ] (\S+)\s/.exec(line)?.[1])
        .filter((name): name is string => name !== undefined && name !== 'NAME');
    // The rows are in order of urgency (gamma, hard paused now, sits above far-away): walk down by it.
    const select = async (name: string) => {
      const screen = tmux.capture(PANE);
      const order = orderNow(screen);
      const from = order.findIndex((item) => new RegExp(`^› ${item}\\s`, 'm').test(screen));
      for (let step = from; step < order.indexOf(name); step++) tmux.keys(PANE, 'Down');
      await tmux.waitForScreen(PANE, (text) => new RegExp(`^› ${name}\\s`, 'm').test(text));
    };
    await select('far-away');
    tmux.keys(PANE, 'Enter');
    await tmux.waitForScreen(PANE, (text) => text.includes('far-away runs on 127.0.0.1:9: its TUI is there'));
    await select('alpha');
    tmux.keys(PANE, 'Enter');
    let screen = await tmux.waitForScreen(
      PANE,
      (text) => text.includes('autoswe · status') && text.includes('RUNNING'),
      15_000,
    );
    expect(screen).toContain(' status · '.concat(join(scratch.dir, 'alpha')));
    tmux.keys(PANE, 'q');
    await tmux.waitForScreen(PANE, (text) => text.includes('Enter open') && text.includes('far-away'));
    tmux.keys(PANE, 'q');
    screen = await tmux.waitForScreen(PANE, (text) => text.includes('FLEET EXITED'));
    expect(screen).toContain('FLEET EXITED 0');
  }, 40_000);
});
