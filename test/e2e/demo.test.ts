import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { PrivateTmux, sh, tmuxInstalled } from '../helpers/tmux.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('autoswe demo', () => {
  it('without a terminal: copies the sample to a temp dir, runs the loop to DONE, prints the status, exits 0', async () => {
    const result = await runCli(['demo'], { timeoutMs: 60_000 });
    const root = /^demo workspace: (.+)$/m.exec(result.stdout)?.[1];
    if (root !== undefined) cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(root).toMatch(/autoswe-demo-/);
    expect(result.stdout).toMatch(/^baseline: 11 legacy outputs recorded/m);
    for (const vertex of ['select', 'plan', 'implement', 'verify', 'judge', 'journey']) {
      expect(result.stdout).toMatch(new RegExp(`^\\[iter 1\\] ${vertex} `, 'm'));
    }
    expect(result.stdout).toMatch(/judge\s+REVERT - 1 regression/);
    expect(result.stdout).toContain('DONE: every cell is GREEN');
    expect(result.stdout).toMatch(/^parity\s+11 GREEN \/ 0 RED/m);
    expect(result.stdout).toMatch(/^loop\s+DONE/m);
    expect(existsSync(join(root as string, 'docs', 'journey', 'iter-5.md'))).toBe(true);
    // The way back in is a command that works from here, whether autoswe is on PATH or not.
    expect(result.stdout).toMatch(/^explore it: cd \S+ && (autoswe|node \S+autoswe\.js) verdicts && /m);
  }, 60_000);

  it("the closing hint runs in the user's own shell: autoswe found only in npm's node_modules/.bin does not count", async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    // What npx gives its child: the package's bin on PATH, in a node_modules/.bin the user's shell lacks.
    const npxBin = join(dir, 'node_modules', '.bin');
    mkdirSync(npxBin, { recursive: true });
    symlinkSync(BIN, join(npxBin, 'autoswe'));
    const nodeDir = join(dir, 'node-bin');
    mkdirSync(nodeDir);
    symlinkSync(process.execPath, join(nodeDir, 'node'));
    const userPath = `${nodeDir}:/usr/bin:/bin`;
    const result = await runCli(['demo', '--dir', join(dir, 'demo')], {
      env: { PATH: `${npxBin}:${userPath}` },
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const hint = /^explore it: (.+)$/m.exec(result.stdout)?.[1] ?? '';
    expect(hint).toMatch(/&& node \S+autoswe\.js verdicts && /);
    // Typed into a shell whose PATH has no autoswe at all, it works.
    const shell = spawnSync('sh', ['-c', hint], { env: { PATH: userPath, HOME: dir }, encoding: 'utf8' });
    expect(shell.status, shell.stderr).toBe(0);
    expect(shell.stdout).toMatch(/ACCEPT/);
    expect(shell.stdout).toMatch(/^Iteration \d+: /m);
  }, 60_000);

  it('--dir D --json builds the workspace in D and reports the run as one JSON document', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const root = join(dir, 'demo');
    const result = await runCli(['demo', '--dir', root, '--json'], { timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ root, result: { status: 'DONE', outcome: 'done', iterations: 5 } });
    expect(report.status.parity).toMatchObject({ green: 11, red: 0 });
  }, 60_000);

  it('refuses a --dir that is not empty, touching nothing', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    const result = await runCli(['demo', '--dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `autoswe: demo: ${dir} exists and is not empty; give an empty or new folder\n`,
    );
    expect(existsSync(join(dir, 'autoswe.yaml'))).toBe(false);
  });
});

describe('autoswe demo without git', () => {
  it('says git is missing and leaves nothing behind (exit 1)', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const root = join(dir, 'demo');
    const result = await runCli(['demo', '--dir', root], { env: { PATH: bin } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'autoswe: demo: git is not installed (not found on PATH); the demo target is a git checkout\n',
    );
    expect(existsSync(root)).toBe(false);
  });
});

const noTmux = componentMissing('tmux', tmuxInstalled(), 'the demo in a terminal is driven in a real tmux');

describe.skipIf(noTmux)('autoswe demo in a terminal', () => {
  it('ends on the live status screen (the TUI); q leaves it, prints the status, exits 0', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const tmux = new PrivateTmux({ AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9', NO_COLOR: '1' });
    cleanups.push(() => tmux.close());
    const command = `${sh(process.execPath)} ${sh(BIN)} demo --dir ${sh(join(dir, 'demo'))}; echo "DEMO EXITED $?"; sleep 60`;
    tmux.ok(['new-session', '-d', '-s', 'demo', '-x', '100', '-y', '30', command]);
    const screen = await tmux.waitForScreen(
      'demo:0.0',
      (text) => text.includes('q quit') && /loop\s+DONE/.test(text),
      60_000,
    );
    expect(screen).toMatch(/REVERT/);
    tmux.keys('demo:0.0', 'q');
    const after = await tmux.waitForScreen('demo:0.0', (text) => text.includes('DEMO EXITED'), 10_000);
    expect(after).toContain('DEMO EXITED 0');
    expect(after).toMatch(/^parity\s+11 GREEN \/ 0 RED/m);
    expect(after).toContain('explore it: cd ');
  }, 90_000);
});
