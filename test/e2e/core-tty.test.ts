import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, initWorkspace } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';

// `script` (util-linux) runs a command on a real pseudo-terminal, as an operator's shell would.
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

function onTerminal(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  killAfterMs?: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd,
      env: { ...process.env, AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '', TERM: 'xterm', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGTERM'), killAfterMs);
    child.on('close', () => resolve(output));
  });
}

describe('on a terminal', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('status is coloured, and NO_COLOR turns colour off', async () => {
    if (componentMissing('script (util-linux)', hasScript, 'needed to give autoswe a real terminal')) return;
    const ws = await initWorkspace();
    cleanup = ws.cleanup;
    const command = `${process.execPath} ${BIN} status`;
    const coloured = await onTerminal(command, ws.root, { NO_COLOR: '', FORCE_COLOR: '' });
    expect(coloured).toContain('\u001b[1m\u001b[32mrunning');
    const plain = await onTerminal(command, ws.root, { NO_COLOR: '1', FORCE_COLOR: '' });
    expect(plain).toMatch(/pause\s+running/);
    expect(plain).not.toContain('\u001b[');
  });

  it('status --watch clears the screen before each tick', async () => {
    if (componentMissing('script (util-linux)', hasScript, 'needed to give autoswe a real terminal')) return;
    const ws = await initWorkspace();
    cleanup = ws.cleanup;
    const output = await onTerminal(
      `${process.execPath} ${BIN} status --watch 1`,
      ws.root,
      { NO_COLOR: '1' },
      3500,
    );
    expect(output.split('\u001b[H\u001b[2J').length - 1).toBeGreaterThanOrEqual(2);
  });
});
